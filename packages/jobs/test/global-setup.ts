import { prepareTemplateDatabase, startTestServices } from '@werkstatt/db/testing';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const services = await startTestServices();
  project.provide('adminDatabaseUrl', services.databaseUrl);
  project.provide('templateDatabase', await prepareTemplateDatabase(services.databaseUrl));
  return () => services.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}
