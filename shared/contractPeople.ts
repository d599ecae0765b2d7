// Moved to shared/api (issue 15); this shim goes when the imports are switched.
export * from './api';
