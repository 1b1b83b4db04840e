"""Who hears of the plan cycle. The layer above (notices/) registers its listeners here in
its AppConfig.ready, since planning may not import it (docs/architecture.md). Announced
inside the transaction of the write: a failing listener rolls the write back."""

from core.listeners import Listeners

# listener(*, plan, user, closed): `user` put `plan` in force; `closed` lists the plans
# closed by it. Called by services.plan_put_in_force.
plan_put_in_force_listeners = Listeners()
