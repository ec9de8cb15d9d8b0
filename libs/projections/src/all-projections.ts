import { analyticsProjection } from './analytics/analytics.projection';
import { decisionsProjection } from './decisions/decisions.projection';
import { queuesProjection } from './queues/queues.projection';
import { registerProjection } from './register/register.projection';

/** Every projection the API keeps, in the order they start. */
export const ALL_PROJECTIONS = [
  registerProjection,
  queuesProjection,
  decisionsProjection,
  analyticsProjection,
] as const;
