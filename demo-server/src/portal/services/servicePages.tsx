/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** "Tra cứu dịch vụ công": the search box and the procedures found, grouped by agency. */
import { Layout, type PageContext } from '../web/pageLayout.js';
import type { AgencyResults } from './serviceSearch.js';
import { serviceText } from './serviceTexts.js';

export function ServiceSearchPage(props: { page: PageContext; query: string; results: AgencyResults[] }) {
  const { page, query, results } = props;
  const { lang } = page;
  return (
    <Layout page={page} title={serviceText(lang, 'title')}>
      <div class="card" data-page="dich-vu-cong">
        <h1>{serviceText(lang, 'title')}</h1>
        <p class="hint">{serviceText(lang, 'intro')}</p>
        <form method="get" action="/dich-vu-cong">
          <div class="field">
            <label for="q">{serviceText(lang, 'searchLabel')}</label>
            <input id="q" name="q" type="search" value={query} maxLength={200} autocomplete="off" />
          </div>
          <button class="primary" type="submit">
            {serviceText(lang, 'searchButton')}
          </button>
        </form>
      </div>
      <div class="card" aria-live="polite">
        {query && (
          <p>
            {serviceText(lang, 'resultsFor')} <b>“{query}”</b>
          </p>
        )}
        {results.length === 0 && (
          <div class="msg info" role="status" data-code="SERVICE_NOT_FOUND">
            {serviceText(lang, 'noResults')}
          </div>
        )}
        {results.map((group) => (
          <section data-agency={group.agency.code}>
            <h2>{group.agency.name[lang]}</h2>
            <ul>
              {group.services.map((s) => (
                <li data-service={s.code}>
                  <a href={s.url}>
                    <b>{s.name[lang]}</b>
                  </a>
                  <br />
                  <small>
                    {s.summary[lang]} —{' '}
                    {serviceText(lang, s.online === 'full' ? 'onlineFull' : 'onlinePartial')}
                  </small>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Layout>
  );
}
