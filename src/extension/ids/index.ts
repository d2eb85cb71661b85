export * from './idRules';
export * from './urlSafeClient';
