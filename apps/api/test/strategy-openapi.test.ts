import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('the OpenAPI document for strategy and roadmap', () => {
  it('names every operation and references named components', async () => {
    const res = await h.request({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const operations = Object.values(
      doc.paths as Record<
        string,
        Record<string, { operationId?: string; summary?: string; tags?: string[] }>
      >,
    )
      .flatMap((p) => Object.values(p))
      .filter((op) => ['strategy', 'ideas', 'measures', 'roadmap'].includes(op.tags?.[0] ?? ''));
    expect(operations.map((op) => op.operationId).sort()).toEqual(
      [
        'bulkUpdateMeasures',
        'createIdea',
        'createMeasure',
        'createMeasureStep',
        'createStrategyVersion',
        'deleteIdea',
        'deleteMeasure',
        'deleteMeasureStep',
        'deleteStrategyLogo',
        'diffStrategyVersions',
        'getIdea',
        'getMeasure',
        'getMeasureStep',
        'getMyDots',
        'getRoadmap',
        'getStrategy',
        'getStrategyLogo',
        'getStrategyVersion',
        'listIdeas',
        'listMeasureSteps',
        'listMeasures',
        'listMunicipalityActivity',
        'listStrategyVersions',
        'promoteIdea',
        'putStrategy',
        'putStrategyLogo',
        'updateIdea',
        'updateMeasure',
        'updateMeasureStep',
        'voteForIdea',
        'withdrawVote',
      ].sort(),
    );
    for (const op of operations) expect(op.summary, op.operationId).toBeTruthy();
    // Request bodies are named with the provider's "Input" suffix; only schemas a path uses remain.
    for (const name of [
      'Strategy',
      'PutStrategyInput',
      'Idea',
      'Measure',
      'MeasureStep',
      'Roadmap',
      'StrategyVersion',
      'StrategySnapshot',
      'StrategyVersionDiff',
      'MeasureBulkUpdateInput',
      'IdeaVotes',
      'MyDots',
      'IdeaDots',
    ]) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
    const put = doc.paths['/v1/municipalities/{id}/strategy'].put;
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '201', '412', '422', '428']));
  });
});
