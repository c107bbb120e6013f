import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function RoadmapPage() {
  return <PageHeader title={de.workspace.nav.roadmap} />;
}
