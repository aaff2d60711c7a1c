// The dashboard's shell: sign-in, the project switcher, the navigation, the period picker, and the pages.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api, savedToken, saveToken, forgetToken } from './api.js';
import { useRoute, href, navigate, setParams } from './route.js';
import { PERIODS, rangeOf } from './format.js';
import { Spinner, ErrorBox } from './ui.js';
import { Overview } from './pages/overview.js';
import { Calls } from './pages/calls.js';
import { Reports } from './pages/reports.js';
import { Numbers } from './pages/numbers.js';
import { Routing } from './pages/routing.js';
import { Settings } from './pages/settings.js';
import { Costs } from './pages/costs.js';
import './styles.css';

const NAV = [
  ['overview', 'Overview', Overview], ['calls', 'Calls', Calls], ['reports', 'Reports', Reports],
  ['numbers', 'Numbers & pools', Numbers], ['routing', 'Routing', Routing], ['costs', 'Costs & deals', Costs],
  ['settings', 'Settings', Settings]
];
// Parameters that follow the user from page to page; the rest belong to one page.
const CARRIED = ['project', 'period', 'from', 'to'];
const carried = (params) => Object.fromEntries(CARRIED.filter((k) => params[k]).map((k) => [k, params[k]]));

function SignIn({ onSignedIn }) {
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { projects } = await api.get('/v1/projects', { token: token.trim() });
      saveToken(token.trim(), remember);
      onSignedIn(projects);
    } catch (err) {
      setError(err.status === 401 ? { message: 'That key was not accepted. Paste a project API key or the admin token.' } : err);
    } finally {
      setBusy(false);
    }
  }
  return html`<main class="signin">
    <form class="signin-card" onSubmit=${submit}>
      <div class="brand big"><span class="logo">☎</span> Callsign</div>
      <p class="muted">Sign in with a project's API key, or the server's admin token to see every project.</p>
      <label class="field"><span class="field-label">API key or admin token</span>
        <input name="token" type="password" autocomplete="current-password" required value=${token}
          onInput=${(e) => setToken(e.target.value)} autofocus /></label>
      <label class="check"><input type="checkbox" checked=${remember} onChange=${(e) => setRemember(e.target.checked)} /> Keep me signed in on this computer</label>
      <${ErrorBox} error=${error} />
      <button class="btn primary wide" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </main>`;
}

function PeriodPicker({ params, project }) {
  const range = rangeOf(params, project.timezone);
  const [custom, setCustom] = useState(range.period === 'custom');
  return html`<div class="period">
    <select aria-label="Period" value=${custom ? 'custom' : range.period} onChange=${(e) => {
      const v = e.target.value;
      if (v === 'custom') { setCustom(true); setParams({ period: null, from: range.from, to: range.to }); }
      else { setCustom(false); setParams({ period: v, from: null, to: null }); }
    }}>
      ${PERIODS.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
      <option value="custom">Custom range</option>
    </select>
    ${custom && html`<input type="date" aria-label="From" value=${range.from} max=${range.to} onChange=${(e) => e.target.value && setParams({ from: e.target.value, to: range.to, period: null })} />
      <span class="muted">–</span>
      <input type="date" aria-label="To" value=${range.to} min=${range.from} onChange=${(e) => e.target.value && setParams({ from: range.from, to: e.target.value, period: null })} />`}
  </div>`;
}

function Shell({ projects, onSignOut }) {
  const route = useRoute();
  const { page, params } = route;
  const project = projects.find((p) => p.id === params.project) || projects[0];
  const [current, setCurrent] = useState(project);
  useEffect(() => setCurrent(project), [project && project.id]);
  const [menu, setMenu] = useState(false);
  const entry = NAV.find(([k]) => k === page) || NAV[0];
  const Page = entry[2];
  const timed = ['overview', 'calls', 'reports'].includes(page);
  useEffect(() => { document.title = `${entry[1]} · ${current.name} · Callsign`; }, [entry[1], current.name]);
  const keep = { ...carried(params), project: projects.length > 1 ? current.id : undefined };
  return html`<div class="shell">
    <aside class=${`sidebar ${menu ? 'open' : ''}`}><div class="sidebar-inner">
      <div class="brand"><span class="logo">☎</span> Callsign</div>
      <nav aria-label="Pages">${NAV.map(([k, label]) => html`<a href=${href(k, keep)} class=${k === page ? 'active' : ''}
        aria-current=${k === page ? 'page' : undefined} onClick=${() => setMenu(false)}>${label}</a>`)}</nav>
      <button class="btn ghost signout" onClick=${onSignOut}>Sign out</button>
    </div></aside>
    <div class="main">
      <header class="topbar">
        <button class="icon-btn menu-btn" aria-label="Menu" onClick=${() => setMenu(!menu)}>☰</button>
        ${projects.length > 1
          ? html`<select class="project-switch" aria-label="Project" value=${current.id}
              onChange=${(e) => navigate(page, { ...carried(params), project: e.target.value })}>
              ${projects.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select>`
          : html`<span class="project-name">${current.name}</span>`}
        <div class="grow"></div>
        ${timed && html`<${PeriodPicker} params=${params} project=${current} />`}
      </header>
      <main class="content" id="content">
        <h1 class="page-title">${entry[1]}</h1>
        <${Page} key=${current.id + page} project=${current} params=${params} onProjectChange=${setCurrent} />
      </main>
    </div>
  </div>`;
}

function App() {
  const [projects, setProjects] = useState(null);
  const [error, setError] = useState(null);
  const [signedIn, setSignedIn] = useState(!!savedToken());
  useEffect(() => {
    const out = () => { forgetToken(); setSignedIn(false); setProjects(null); };
    window.addEventListener('callsign:unauthorized', out);
    return () => window.removeEventListener('callsign:unauthorized', out);
  }, []);
  useEffect(() => {
    if (!signedIn || projects) return;
    // A 401 signs out (also when it came back before the listener above was added).
    (firstProjects || api.get('/v1/projects')).then((r) => setProjects(r.projects),
      (e) => { if (e.status === 401) { forgetToken(); setSignedIn(false); } else setError(e); });
    firstProjects = null;
  }, [signedIn, projects]);
  if (!signedIn) return html`<${SignIn} onSignedIn=${(p) => { setProjects(p); setSignedIn(true); }} />`;
  if (error) return html`<main class="signin"><div class="signin-card"><${ErrorBox} error=${error} onRetry=${() => { setError(null); setProjects(null); }} /></div></main>`;
  if (!projects) return html`<${Spinner} />`;
  if (!projects.length) {
    return html`<main class="signin"><div class="signin-card"><h2>No projects yet</h2>
      <p class="muted">Create one with <code>POST /v1/projects</code> and the admin token (see the README), then reload.</p>
      <button class="btn" onClick=${() => { forgetToken(); setSignedIn(false); }}>Sign out</button></div></main>`;
  }
  return html`<${Shell} projects=${projects} onSignOut=${() => { forgetToken(); setProjects(null); setSignedIn(false); location.hash = ''; }} />`;
}

// A stored token: the project list is asked for at once, not after the first frame (the overview needs it first).
let firstProjects = savedToken() ? api.get('/v1/projects') : null;
if (firstProjects) firstProjects.catch(() => {});  // handled in App; not an "uncaught" rejection meanwhile
render(html`<${App} />`, document.getElementById('app'));
