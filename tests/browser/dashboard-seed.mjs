// A seeded project for the dashboard's browser tests: static numbers on several channels and campaigns, a DNI
// pool with live sessions, operators and a routing plan, ~8 calls a day over the last 35 days (answered,
// missed, target, repeat callers, off-hours), ad costs and won deals — all through the real HTTP API.

async function ok(what, res, status = [200, 201]) {
  if (!status.includes(res.status)) throw new Error(`${what}: expected ${status.join('/')}, got ${res.status} ${res.text}`);
  return res.json;
}

// A small deterministic generator, so every run seeds the same calls.
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATIC_212 = [
  { number: '(212) 555-0101', channel: 'offline', source: 'billboard', label: 'I-95 billboard' },
  { number: '(212) 555-0102', channel: 'paid_search', source: 'google', medium: 'cpc', campaign: 'spring_sale', label: 'Google Ads' },
  { number: '(212) 555-0103', channel: 'paid_social', source: 'facebook', medium: 'cpc', campaign: 'sofas', label: 'Facebook' },
  { number: '(212) 555-0104', channel: 'organic', source: 'google', medium: 'organic', label: 'Google Business Profile' },
  { number: '(212) 555-0105', channel: 'referral', source: 'yelp', medium: 'referral', campaign: 'listing', label: 'Yelp' }
];

/** Seeds a project whose numbers are in `area` (a second project needs another); returns {project, apiKey, pool, numbers, operators, calls}. */
export async function seedProject(server, { name = 'Acme Tyres', timezone = 'America/New_York', days = 35, area = '212' } = {}) {
  const local = (n) => n.replace('(212)', `(${area})`);
  const STATIC = STATIC_212.map((n) => ({ ...n, number: local(n.number) }));
  const project = await ok('project', await server.api('POST', '/v1/projects', {
    name, timezone, country: 'US', currency: 'USD', default_number: local('(212) 555-0100'),
    working_hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] }
  }));
  const key = project.api_key;
  const api = (method, path, body) => server.api(method, `/v1/projects/${project.id}${path}`, body, key);
  const numbers = [];
  for (const n of STATIC) numbers.push(await ok(`number ${n.number}`, await api('POST', '/numbers', { kind: 'static', ...n })));
  const pool = await ok('pool', await api('POST', '/pools', { name: 'Website', when_exhausted: 'default_number', replace: [local('(212) 555-0100')] }));
  for (const n of ['(212) 555-0120', '(212) 555-0121', '(212) 555-0122'].map(local)) {
    await ok(`pool number ${n}`, await api('POST', '/numbers', { number: n, kind: 'pool', pool_id: pool.id }));
  }
  const operators = [];
  for (const [opName, destination] of [['Dana', '+12125550150'], ['Lee', '+12125550151']]) {
    operators.push(await ok(`operator ${opName}`, await api('POST', '/operators', { name: opName, destination })));
  }
  await ok('plan', await api('POST', '/routing-plans', { name: 'Sales line', strategy: 'round_robin', members: operators.map((o) => ({ operator_id: o.id })), no_answer: { voicemail: true } }));

  // Live visits take the pool's numbers (the pool has 3: the 4th visit finds it exhausted).
  const visits = ['https://acme.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring_sale&gclid=x1',
    'https://acme.example/tyres?utm_source=newsletter&utm_medium=email', 'https://acme.example/', 'https://acme.example/?utm_source=facebook&utm_medium=social'];
  const sessions = [];
  for (const page_url of visits) {
    sessions.push(await ok('session', await server.api('POST', '/v1/sessions', { public_key: project.public_key, page_url, referrer: 'https://www.google.com/' }, key)));
  }

  const rnd = random(42);
  const callers = Array.from({ length: 120 }, (_, i) => `+1917555${String(1000 + i).padStart(4, '0')}`);
  const now = Date.now();
  let n = 0;
  for (let d = days - 1; d >= 0; d--) {
    const perDay = 4 + Math.floor(rnd() * 8);
    for (let i = 0; i < perDay; i++) {
      const start = now - d * 86400000 - Math.floor(rnd() * 86400000) - 3600000;
      const number = STATIC[Math.floor(rnd() * rnd() * STATIC.length)];
      const caller = callers[Math.floor(rnd() * rnd() * callers.length)];
      const r = rnd();
      const wait = 3 + Math.floor(rnd() * 25);
      const body = { external_id: `seed-${++n}`, tracking_number: number.number, caller, started_at: new Date(start).toISOString() };
      if (r < 0.15) {
        body.ended_at = new Date(start + wait * 1000).toISOString();
        body.status = r < 0.05 ? 'abandoned' : 'no_answer';
      } else {
        body.answered_at = new Date(start + wait * 1000).toISOString();
        body.ended_at = new Date(start + (wait + 5 + Math.floor(rnd() * 300)) * 1000).toISOString();
        body.operator = operators[Math.floor(rnd() * 2)].name;
        if (rnd() < 0.3) body.recording_url = `https://recordings.example/${n}.mp3`;
      }
      await ok(`call ${n}`, await api('POST', '/calls', body));
    }
  }
  // A call now to the number the first visit holds: attributed to that visit.
  const held = sessions[0].numbers[0];
  if (held) {
    await ok('session call', await api('POST', '/calls', { external_id: 'seed-live', tracking_number: held.number, caller: '+19175559999',
      started_at: new Date(now - 60000).toISOString(), answered_at: new Date(now - 50000).toISOString(), ended_at: new Date(now - 5000).toISOString() }));
  }

  // Costs for the paid campaigns over the period, and a few won deals.
  const costLines = ['date,source,medium,campaign,term,amount'];
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(now - d * 86400000).toISOString().slice(0, 10);
    costLines.push(`${day},google,cpc,spring_sale,,${(40 + (d % 7) * 5).toFixed(2)}`, `${day},facebook,cpc,sofas,,25`);
  }
  const costs = await server.api('POST', `/v1/projects/${project.id}/costs`, costLines.join('\n'), key, 'text/csv');
  if (costs.status !== 200) throw new Error(`costs: ${costs.status} ${costs.text}`);
  for (let i = 0; i < 6; i++) {
    await ok(`deal ${i}`, await api('POST', '/deals', { external_id: `crm-${i}`, caller: callers[i], created_at: new Date(now - 1000).toISOString(), amount: 400 + i * 150, status: 'won' }));
  }
  return { project, apiKey: key, pool, numbers, operators, calls: n };
}
