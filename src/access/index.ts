export * from './accessFile';
export * from './accessPolicy';
export * from './accessPolicyStore';
export * from './glob';
export * from './identity';
export * from './tableAccess';
