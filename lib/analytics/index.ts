export * from './analytics-application';
export * from './flink-application';
export * from './verifier-function';
