export * from './client.js';
export { loginRoleProblem, loginRoleProblemAt } from './login-role.js';
export * from './migrate.js';
export * from './privacy.js';
export { compiledRead, shapedRead } from './rows.js';
export * from './schema/index.js';
export * from './scope.js';
export { type DemoLogin, seedDemoData } from './seed/demo.js';
export { Writes } from './writes.js';
