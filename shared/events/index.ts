export * from './cloudTrailEventTable.ts';
export * from './classifyCloudTrailEvent.ts';
export * from './errors.ts';
export * from './eventBridgePatternFor.ts';
export * from './parseAuditRequest.ts';
export * from './parseEventBridgeCloudTrailEvent.ts';
export * from './parseFunctionIdentifier.ts';
export type * from './types.ts';
