export * from './DurableEntity';
export * from './EntityOperationError';
export * from './EntityOperationTypes';
export * from './EntityClassReference';
export { DELETE_OPERATION } from './entityOperations';
export * from './defineEntityFunction';
