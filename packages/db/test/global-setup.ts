import type { TestProject } from 'vitest/node';
import { prepareTemplateDatabase, startTestServices } from '../src/testing/index.js';

export default async function setup(project: TestProject) {
  const services = await startTestServices();
  const template = await prepareTemplateDatabase(services.databaseUrl);
  project.provide('adminDatabaseUrl', services.databaseUrl);
  project.provide('templateDatabase', template);
  return () => services.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}
