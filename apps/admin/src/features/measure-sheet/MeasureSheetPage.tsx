import { de } from '../../i18n/de';
import { PageHeader } from '../../ui/PageHeader';

export function MeasureSheetPage({ measureId }: { measureId: string }) {
  return <PageHeader title={de.measureSheet.title} subtitle={measureId} />;
}
