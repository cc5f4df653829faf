/**
 * Who may see which tables: the admin's access file (`access.yaml`), the policy compiled from it per user, its
 * reloading store, and who asks (`UserIdentity`, also a single-file layer of its own: `identity.ts`).
 */
export { parseAccessFile, type AccessFile, type TableRule } from './accessFile';
export { AccessPolicy } from './accessPolicy';
export { AccessPolicyStore, type AccessPolicyStoreOptions } from './accessPolicyStore';
export { INTERNAL_IDENTITY, identityLabel, type UserIdentity } from './identity';
export { TableAccess, type TableFilter } from './tableAccess';
