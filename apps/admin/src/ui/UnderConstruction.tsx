import { PageHeader } from './PageHeader';

/** Scaffolding while the screens are built; each feature replaces it. Must not remain. */
export function UnderConstruction({ title }: { title: string }) {
  return <PageHeader title={title} />;
}
