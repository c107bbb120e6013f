import { de } from '../../i18n/de';

const t = de.municipalityAdmin.calendar;
const apps = [t.outlook, t.iphone, t.android] as const;

/** Step by step, for the three calendar programs a town hall uses: Outlook, iPhone, Android. */
export function SubscribeInstructions() {
  return (
    <div className="subscribe">
      <h3>{t.howTo}</h3>
      <p>{t.howToIntro}</p>
      <div className="subscribe-apps">
        {apps.map((app) => (
          <section key={app.title} className="subscribe-app" aria-label={app.title}>
            <h4>{app.title}</h4>
            <ol>
              {app.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </section>
        ))}
      </div>
      <p className="small">{t.refreshNote}</p>
    </div>
  );
}
