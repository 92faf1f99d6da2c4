// The heavy half of the core (dockerode, iovalkey, yaml), bundled on its own as dist/core.js and loaded by the
// extension on first use, so that activation does not pay for it.
export { createClusterSetup, LOCAL_TARGET_ID } from './cluster-setup';
export { ConnectionHub } from './target/hub';
export { isAuthError } from './client/connect';
export { failoverTo } from './cluster/failover';
export { ConsoleSession } from './console/session';
export { engineSettingProblem, listEngineChoices } from './engine/engine-resolution';
export { connectionTarget } from './connection/target';
export { discover } from './connection/discover';
export { KeyClient } from './keys/key-client';
export { KeyListing } from './keys/listing';
export { KeyDocument } from './keys/key-document';
export { KeyEdits } from './keys/key-edits';
export { countMatching, deleteMatching } from './keys/bulk';
export { memoryUsage } from './keys/key-details';
export { appConnection } from './connect-app/app-connection';
export { APP_CLIENTS, appSnippet } from './connect-app/snippets';
export { prepareOperation } from './scale/operations';
export { observedShape } from './cluster/shape-of';
