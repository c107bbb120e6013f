import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function VersionsPage() {
  return <PageHeader title={de.workspace.nav.versions} />;
}
