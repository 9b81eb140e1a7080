export { createTracker } from './tracker/create-tracker';
export { triggers } from './triggers/dom-triggers';
export { defineConfig, defineJsonConfig } from './define-config';
export { CairnError, ConfigError, ValidationError, TransportError, isCairnError } from './lib/errors';
export { WIRE_VERSION } from './transport/batch-body';
export { VERSION } from './version';

export type { Tracker, TrackerEvents, TrackerOptions, TriggerModule } from './tracker/create-tracker';
export type { Issue } from './lib/errors';
export type { StandardSchemaV1 } from './schema/standard-schema';
export type { ConfigFromJson, JsonConfig } from './schema/json-config';
export type {
  CairnConfig,
  GoalDefinition,
  MicroGoal,
  MacroGoal,
  GoalBase,
  GoalId,
  GoalProps,
  TrackArgs,
  PropSpec,
  PropsSpec,
  PropTypeName,
  PropSource,
  BatchOptions,
  DeliveryOptions,
  TrackedEvent,
  TriggerConfig,
  ClickTrigger,
  SubmitTrigger,
  PageviewTrigger,
  MediaTrigger,
  ScrollTrigger,
  VisibleTrigger,
  TimeTrigger,
  DownloadTrigger,
  OutboundTrigger,
} from './schema/types';
