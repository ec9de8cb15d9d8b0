export type { Projection, ProjectedEvent } from './runner/projection';
export {
  ProjectionEngine,
  type EngineLogger,
  type ProjectionFailure,
  type ProjectionState,
  type ProjectionStatus,
} from './runner/projection-engine';
export { openReadModelDatabase, readModelFile } from './runner/read-model-database';
export { registerProjection, type RegisterRow } from './register/register.projection';
export {
  RegisterQueries,
  type KnownAt,
  type RegisterEntry,
  type RegisterQuery,
} from './register/register.queries';
export {
  statusOn,
  statusTimeline,
  type RegisterTransition,
  type TimelineSegment,
} from './register/status-timeline';
export { nextFacts, type RegisterFacts } from './register/register-facts';
export {
  QUEUES,
  queuesProjection,
  readQueue,
  type QueueItem,
  type QueueName,
} from './queues/queues.projection';
export { describeEvent, type EventDescription } from './audit-trail/describe-event';

export { ALL_PROJECTIONS } from './all-projections';
export {
  DecisionQueries,
  decisionsProjection,
  type DecisionLocation,
  type ObjectionCase,
} from './decisions/decisions.projection';
export { analyticsProjection } from './analytics/analytics.projection';
export {
  AnalyticsQueries,
  type PilotAnalytics,
  type PilotGroup,
} from './analytics/analytics.queries';
