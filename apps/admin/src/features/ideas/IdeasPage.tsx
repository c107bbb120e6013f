import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function IdeasPage() {
  return <PageHeader title={de.workspace.nav.ideas} />;
}
