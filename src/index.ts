export { createTracker } from './tracker/create-tracker';
export { triggers } from './triggers/dom-triggers';
export { defineConfig, defineJsonConfig } from './define-config';
export { CairnError, ConfigError, ValidationError, TransportError, isCairnError } from './lib/errors';
export { WIRE_VERSION } from './transport/wire';
export { VERSION } from './version';

export type { Tracker, TrackerEvents, TrackerOptions } from './tracker/tracker-types';
export type { Transport, SendResult } from './transport/send';
export type { TriggerModule, TriggerHost, TriggerGoal, FireOptions, StopTrigger } from './triggers/trigger-host';
export type { TriggerCheck } from './schema/parse-config';
export type { Issue } from './lib/errors';
export type { StandardSchemaV1 } from './schema/standard-schema';
export type { GoalId, GoalProps, TrackArgs } from './schema/infer';
export type { ConfigFromJson, JsonConfig } from './schema/json-config';
export type {
  CairnConfig,
  GoalDefinition,
  MicroGoal,
  MacroGoal,
  GoalBase,
  PropSpec,
  PropsSpec,
  PropTypeName,
  BatchOptions,
  DeliveryOptions,
  TrackedEvent,
  EventContext,
  PageContext,
} from './schema/types';
export type { HealthModule } from './health/health-module';
export type { HealthOptions, PageHealth, VitalValue, BrokenMedia } from './schema/health-types';
export type { ConsentOptions, ConsentPurpose, ConsentPurposes, ConsentState, ConsentValue, PrivacyOptions } from './schema/privacy-types';
export type {
  PropSource,
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
} from './schema/trigger-types';
