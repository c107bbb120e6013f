import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function MeasuresPage() {
  return <PageHeader title={de.workspace.nav.measures} />;
}
