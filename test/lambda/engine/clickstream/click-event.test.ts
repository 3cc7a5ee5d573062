import {
  BOT_USER_AGENT_TOKENS,
  CLICK_EVENT_COLUMNS,
  RULES,
  formatClickEventLine,
  normaliseClickEvent,
  parseClickEvent,
  sessionKey,
  transformClickRecord,
  type ClickEventResult,
  type NormalisedClickEvent,
} from '../../../../lambda/engine/clickstream/click-event';

const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** A complete, valid raw event; tests override single fields. */
const FULL = {
  eventId: 'e-1',
  eventType: ' Page_View ',
  timestamp: '2026-11-25T10:00:00Z',
  url: 'https://Shop.Example.com:8443/products/42?ref=x#top',
  userId: 'u-123',
  sessionId: 's-9',
  referrer: 'https://www.google.com/',
  userAgent: CHROME_UA,
  isBot: false,
  properties: { sku: '42', price: 9.5, tags: ['a'] },
};

/** Minimal valid raw event: only the required fields. */
const MINIMAL = {
  eventType: 'click',
  timestamp: '2026-03-07T10:44:59.123456+01:00',
  url: 'http://example.com',
  anonymousId: 'anon-7',
};

// sha256("u-123\0s-9") and sha256("anon-7\0" + bucket start), first 32 hex digits (computed with sha256sum).
const KEY_U123_S9 = 'ef6f37047c3a3d73d1e607e4380a648e';
const KEY_ANON7_0930 = 'dd3c4f0b89d935e78abca505b9a8dfee';
const KEY_ANON7_0900 = '157f6e6cf6b8878a66c3bd16b0449625';

function okEvent(input: unknown): NormalisedClickEvent {
  const result = normaliseClickEvent(input);
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.event;
}

const invalid = (field: string, rule: string): ClickEventResult => ({ kind: 'invalid', field, rule });

describe('normaliseClickEvent: valid events', () => {
  it('normalises a complete event, keys in column order', () => {
    const result = normaliseClickEvent(FULL);
    expect(result).toEqual({
      kind: 'ok',
      event: {
        event_id: 'e-1',
        event_type: 'page_view',
        event_time: '2026-11-25T10:00:00.000Z',
        url: 'https://Shop.Example.com:8443/products/42?ref=x#top',
        url_host: 'shop.example.com',
        url_path: '/products/42',
        user_id: 'u-123',
        anonymous_id: null,
        session_key: KEY_U123_S9,
        referrer: 'https://www.google.com/',
        user_agent: CHROME_UA,
        properties: { sku: '42', price: 9.5, tags: ['a'] },
      },
      partitionKeys: { event_type: 'page_view', year: '2026', month: '11', day: '25', hour: '10' },
    });
    expect(formatClickEventLine(okEvent(FULL))).toBe(
      '{"event_id":"e-1","event_type":"page_view","event_time":"2026-11-25T10:00:00.000Z",' +
        '"url":"https://Shop.Example.com:8443/products/42?ref=x#top","url_host":"shop.example.com","url_path":"/products/42",' +
        `"user_id":"u-123","anonymous_id":null,"session_key":"${KEY_U123_S9}","referrer":"https://www.google.com/",` +
        `"user_agent":"${CHROME_UA}","properties":{"sku":"42","price":9.5,"tags":["a"]}}\n`,
    );
  });

  it('normalises a minimal event: offset converted to UTC, fraction truncated to ms, session from the 30-minute bucket', () => {
    expect(normaliseClickEvent(MINIMAL)).toEqual({
      kind: 'ok',
      event: {
        event_id: null,
        event_type: 'click',
        event_time: '2026-03-07T09:44:59.123Z',
        url: 'http://example.com',
        url_host: 'example.com',
        url_path: '/',
        user_id: null,
        anonymous_id: 'anon-7',
        session_key: KEY_ANON7_0930,
        referrer: null,
        user_agent: null,
        properties: {},
      },
      partitionKeys: { event_type: 'click', year: '2026', month: '03', day: '07', hour: '09' },
    });
  });

  it('keys of a normalised event equal CLICK_EVENT_COLUMNS names, in order', () => {
    const names = CLICK_EVENT_COLUMNS.map((c) => c.name);
    expect(Object.keys(okEvent(FULL))).toEqual(names);
    expect(Object.keys(okEvent(MINIMAL))).toEqual(names);
    expect(Object.keys(JSON.parse(formatClickEventLine(okEvent(MINIMAL))))).toEqual(names);
  });

  it('exports the output columns with Redshift and Glue types', () => {
    expect(CLICK_EVENT_COLUMNS).toEqual([
      { name: 'event_id', redshiftType: 'VARCHAR(256)', glueType: 'string' },
      { name: 'event_type', redshiftType: 'VARCHAR(64)', glueType: 'string' },
      { name: 'event_time', redshiftType: 'TIMESTAMP', glueType: 'timestamp' },
      { name: 'url', redshiftType: 'VARCHAR(8192)', glueType: 'string' },
      { name: 'url_host', redshiftType: 'VARCHAR(255)', glueType: 'string' },
      { name: 'url_path', redshiftType: 'VARCHAR(8192)', glueType: 'string' },
      { name: 'user_id', redshiftType: 'VARCHAR(1024)', glueType: 'string' },
      { name: 'anonymous_id', redshiftType: 'VARCHAR(1024)', glueType: 'string' },
      { name: 'session_key', redshiftType: 'VARCHAR(32)', glueType: 'string' },
      { name: 'referrer', redshiftType: 'VARCHAR(8192)', glueType: 'string' },
      { name: 'user_agent', redshiftType: 'VARCHAR(2048)', glueType: 'string' },
      { name: 'properties', redshiftType: 'SUPER', glueType: 'string' },
    ]);
    expect(Object.isFrozen(CLICK_EVENT_COLUMNS)).toBe(true);
  });

  it.each([
    ['epoch milliseconds', 1795600800000, '2026-11-25T10:00:00.000Z'],
    ['epoch 0', 0, '1970-01-01T00:00:00.000Z'],
    ['negative epoch', -1, '1969-12-31T23:59:59.999Z'],
    ['no zone means UTC', '2026-11-25T10:00:00', '2026-11-25T10:00:00.000Z'],
    ['minutes precision', '2026-11-25T10:00', '2026-11-25T10:00:00.000Z'],
    ['Z with ms', '2026-11-25T10:00:00.5Z', '2026-11-25T10:00:00.500Z'],
    ['+HH:MM', '2026-11-25T10:00:00+05:30', '2026-11-25T04:30:00.000Z'],
    ['+HHMM', '2026-11-25T10:00:00+0530', '2026-11-25T04:30:00.000Z'],
    ['-HH', '2026-11-25T22:00:00-05', '2026-11-26T03:00:00.000Z'],
    ['leap day', '2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['year 0050 (not 1950)', '0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['last representable ms', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('timestamp: %s', (_label, timestamp, eventTime) => {
    expect(okEvent({ ...MINIMAL, timestamp }).event_time).toBe(eventTime);
  });

  it('partition keys are UTC and zero-padded', () => {
    const result = normaliseClickEvent({ ...MINIMAL, eventType: 'Add.To-Cart_2', timestamp: '2026-01-02T03:04:05+05:00' });
    expect(result.kind === 'ok' && result.partitionKeys).toEqual({
      event_type: 'add.to-cart_2',
      year: '2026',
      month: '01',
      day: '01',
      hour: '22',
    });
  });

  it('url_host drops port and lower-cases; url_path drops query and fragment and is WHATWG-normalised', () => {
    const e = okEvent({ ...MINIMAL, url: 'HTTPS://EXAMPLE.com:8080/a/../B/%7e/ü?q=1#frag' });
    expect([e.url, e.url_host, e.url_path]).toEqual(['HTTPS://EXAMPLE.com:8080/a/../B/%7e/ü?q=1#frag', 'example.com', '/B/%7e/%C3%BC']);
    expect(okEvent({ ...MINIMAL, url: 'http://[::1]:3000?x' })).toMatchObject({ url_host: '[::1]', url_path: '/' });
  });

  it('session_key: userId wins over anonymousId; sessionId wins over time', () => {
    const both = okEvent({ ...FULL, anonymousId: 'anon-7' });
    expect(both).toMatchObject({ user_id: 'u-123', anonymous_id: 'anon-7', session_key: KEY_U123_S9 });
    expect(okEvent({ ...FULL, timestamp: '2030-01-01T00:00:00Z' }).session_key).toBe(KEY_U123_S9);
  });

  it('session_key without sessionId: same within a 30-minute UTC bucket, different across', () => {
    const at = (timestamp: string | number): string => okEvent({ ...MINIMAL, timestamp }).session_key;
    expect(at('2026-03-07T09:30:00.000Z')).toBe(KEY_ANON7_0930);
    expect(at('2026-03-07T09:59:59.999Z')).toBe(KEY_ANON7_0930);
    expect(at('2026-03-07T10:59:59.999+01:00')).toBe(KEY_ANON7_0930);
    expect(at('2026-03-07T09:29:59.999Z')).toBe(KEY_ANON7_0900);
    expect(at('2026-03-07T10:00:00.000Z')).not.toBe(KEY_ANON7_0930);
    expect(sessionKey('anon-7', null, Date.UTC(2026, 2, 7, 9, 45))).toBe(KEY_ANON7_0930);
    expect(sessionKey('u-123', 's-9', 0)).toBe(KEY_U123_S9);
  });

  it('null counts as absent for optional fields', () => {
    const e = okEvent({ ...MINIMAL, userId: null, eventId: null, sessionId: null, referrer: null, userAgent: null, isBot: null, properties: null });
    expect(e).toEqual(okEvent(MINIMAL));
  });

  it('accepts boundary lengths: 256-character ids (non-ASCII), 64-character event types, empty referrer', () => {
    const id = '€'.repeat(256);
    const type = 'a'.repeat(64);
    expect(okEvent({ ...MINIMAL, userId: id, anonymousId: id, sessionId: id, eventType: type, referrer: '' })).toMatchObject({
      user_id: id,
      anonymous_id: id,
      event_type: type,
      referrer: '',
    });
  });

  it('ignores unknown fields', () => {
    expect(okEvent({ ...MINIMAL, user_id: 'x', extra: { a: 1 } })).toEqual(okEvent(MINIMAL));
  });
});

describe('normaliseClickEvent: invalid events name the field and the rule', () => {
  const without = (field: keyof typeof FULL): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...FULL };
    delete copy[field];
    return copy;
  };

  it.each<[string, unknown, ClickEventResult]>([
    ['an array', [FULL], invalid('record', RULES.object)],
    ['null', null, invalid('record', RULES.object)],
    ['a string', 'page_view', invalid('record', RULES.object)],
    ['a number', 42, invalid('record', RULES.object)],
    ['a Date', new Date(0), invalid('record', RULES.object)],
  ])('the record is %s', (_label, input, expected) => {
    expect(normaliseClickEvent(input)).toEqual(expected);
  });

  it.each<[string, unknown, ClickEventResult]>([
    ['eventType missing', without('eventType'), invalid('eventType', 'is required')],
    ['eventType null', { ...FULL, eventType: null }, invalid('eventType', 'is required')],
    ['eventType empty', { ...FULL, eventType: '' }, invalid('eventType', RULES.eventType)],
    ['eventType blank', { ...FULL, eventType: '   ' }, invalid('eventType', RULES.eventType)],
    ['eventType with a space', { ...FULL, eventType: 'page view' }, invalid('eventType', RULES.eventType)],
    ['eventType with a slash', { ...FULL, eventType: 'a/b' }, invalid('eventType', RULES.eventType)],
    ['eventType of 65 chars', { ...FULL, eventType: 'a'.repeat(65) }, invalid('eventType', RULES.eventType)],
    ['eventType a number', { ...FULL, eventType: 7 }, invalid('eventType', RULES.eventType)],
    ['timestamp missing', without('timestamp'), invalid('timestamp', 'is required')],
    ['timestamp date only', { ...FULL, timestamp: '2026-11-25' }, invalid('timestamp', RULES.timestampFormat)],
    ['timestamp not ISO', { ...FULL, timestamp: '25/11/2026 10:00' }, invalid('timestamp', RULES.timestampFormat)],
    ['timestamp with a space', { ...FULL, timestamp: '2026-11-25 10:00:00Z' }, invalid('timestamp', RULES.timestampFormat)],
    ['timestamp epoch as string', { ...FULL, timestamp: '1795600800000' }, invalid('timestamp', RULES.timestampFormat)],
    ['timestamp fractional epoch', { ...FULL, timestamp: 1795600800000.5 }, invalid('timestamp', RULES.timestampFormat)],
    ['timestamp boolean', { ...FULL, timestamp: true }, invalid('timestamp', RULES.timestampFormat)],
    ['timestamp 30 February', { ...FULL, timestamp: '2026-02-30T00:00:00Z' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp 29 February, not leap', { ...FULL, timestamp: '2026-02-29T00:00:00Z' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp month 13', { ...FULL, timestamp: '2026-13-01T00:00:00Z' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp hour 24', { ...FULL, timestamp: '2026-11-25T24:00:00Z' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp second 60', { ...FULL, timestamp: '2026-11-25T23:59:60Z' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp offset +24:00', { ...FULL, timestamp: '2026-11-25T10:00:00+24:00' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp before year 0000 in UTC', { ...FULL, timestamp: '0000-01-01T00:00:00+01:00' }, invalid('timestamp', RULES.timestampDate)],
    ['timestamp epoch after 9999', { ...FULL, timestamp: 253402300800000 }, invalid('timestamp', RULES.timestampDate)],
    ['url missing', without('url'), invalid('url', 'is required')],
    ['url relative', { ...FULL, url: '/products/42' }, invalid('url', RULES.url)],
    ['url without scheme', { ...FULL, url: 'example.com/a' }, invalid('url', RULES.url)],
    ['url ftp', { ...FULL, url: 'ftp://example.com/a' }, invalid('url', RULES.url)],
    ['url javascript', { ...FULL, url: 'javascript:alert(1)' }, invalid('url', RULES.url)],
    ['url without slashes', { ...FULL, url: 'http:example.com' }, invalid('url', RULES.url)],
    ['url without host', { ...FULL, url: 'https://' }, invalid('url', RULES.url)],
    ['url with a space', { ...FULL, url: 'https://example.com/a b' }, invalid('url', RULES.url)],
    ['url with surrounding space', { ...FULL, url: ' https://example.com/' }, invalid('url', RULES.url)],
    ['url with a backslash', { ...FULL, url: 'https://example.com\\a' }, invalid('url', RULES.url)],
    ['url bad port', { ...FULL, url: 'https://example.com:99999/' }, invalid('url', RULES.url)],
    ['url a number', { ...FULL, url: 42 }, invalid('url', RULES.url)],
    ['url over 8192 bytes', { ...FULL, url: `https://example.com/${'a'.repeat(8173)}` }, invalid('url', RULES.maxBytes(8192))],
    ['url path over 8192 bytes once encoded', { ...FULL, url: `https://example.com/${'ü'.repeat(2000)}` }, invalid('url', 'path must be at most 8192 bytes in UTF-8')],
    ['url host over 255 bytes', { ...FULL, url: `https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(20)}.com/` }, invalid('url', 'host must be at most 255 bytes in UTF-8')],
    ['no userId nor anonymousId', without('userId'), invalid('userId|anonymousId', RULES.visitor)],
    ['userId and anonymousId null', { ...FULL, userId: null, anonymousId: null }, invalid('userId|anonymousId', RULES.visitor)],
    ['userId empty', { ...FULL, userId: '' }, invalid('userId', RULES.id)],
    ['userId blank', { ...FULL, userId: '  ' }, invalid('userId', RULES.id)],
    ['userId of 257 chars', { ...FULL, userId: 'u'.repeat(257) }, invalid('userId', RULES.id)],
    ['userId a number, anonymousId valid', { ...FULL, userId: 123, anonymousId: 'anon-7' }, invalid('userId', RULES.id)],
    ['anonymousId empty, userId valid', { ...FULL, anonymousId: '' }, invalid('anonymousId', RULES.id)],
    ['eventId empty', { ...FULL, eventId: '' }, invalid('eventId', RULES.nonEmptyString)],
    ['eventId a number', { ...FULL, eventId: 1 }, invalid('eventId', RULES.string)],
    ['eventId over 256 bytes', { ...FULL, eventId: 'é'.repeat(129) }, invalid('eventId', 'must be at most 256 bytes in UTF-8')],
    ['sessionId empty', { ...FULL, sessionId: '' }, invalid('sessionId', RULES.id)],
    ['referrer an object', { ...FULL, referrer: {} }, invalid('referrer', RULES.string)],
    ['userAgent a number', { ...FULL, userAgent: 5 }, invalid('userAgent', RULES.string)],
    ['userAgent over 2048 bytes', { ...FULL, userAgent: 'x'.repeat(2049) }, invalid('userAgent', 'must be at most 2048 bytes in UTF-8')],
    ['isBot a string', { ...FULL, isBot: 'true' }, invalid('isBot', RULES.boolean)],
    ['properties an array', { ...FULL, properties: [1, 2] }, invalid('properties', RULES.object)],
    ['properties a string', { ...FULL, properties: '{"a":1}' }, invalid('properties', RULES.object)],
  ])('%s', (_label, input, expected) => {
    expect(normaliseClickEvent(input)).toEqual(expected);
  });

  it('reports the first broken field in field order', () => {
    expect(normaliseClickEvent({ timestamp: 'x', url: 'y' })).toEqual(invalid('eventType', 'is required'));
    expect(normaliseClickEvent({ ...FULL, url: 'y', userId: 5 })).toEqual(invalid('url', RULES.url));
  });
});

describe('normaliseClickEvent: bot traffic', () => {
  it('declared isBot: true is dropped, even when the event is otherwise invalid', () => {
    expect(normaliseClickEvent({ ...FULL, isBot: true })).toEqual({ kind: 'bot', reason: 'isBot is true' });
    expect(normaliseClickEvent({ isBot: true })).toEqual({ kind: 'bot', reason: 'isBot is true' });
  });

  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'bot'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bot'],
    ['AdsBot-Google (+http://www.google.com/adsbot.html)', 'bot'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'bot'],
    ['Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)', 'bot'],
    ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', 'spider'],
    ['Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)', 'slurp'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36', 'headless'],
    ['Screaming Frog SEO Spider/19.0', 'spider'],
    ['my-CRAWLER/1.0', 'crawler'],
  ])('user agent %s is a bot (token %s)', (userAgent, token) => {
    expect(normaliseClickEvent({ ...FULL, userAgent })).toEqual({ kind: 'bot', reason: `userAgent contains crawler token "${token}"` });
  });

  it.each([
    CHROME_UA,
    'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 9; CUBOT_P30) AppleWebKit/537.36',
    'BottleApp/1.0 (Both platforms)',
    '',
  ])('user agent %p is not a bot', (userAgent) => {
    expect(normaliseClickEvent({ ...FULL, userAgent }).kind).toBe('ok');
  });

  it('documents the crawler tokens', () => {
    expect(BOT_USER_AGENT_TOKENS).toEqual(['bot', 'crawler', 'spider', 'slurp', 'headless']);
  });
});

describe('parseClickEvent (bytes)', () => {
  const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

  it('decodes UTF-8 JSON, with or without a BOM or a trailing newline', () => {
    const expected = normaliseClickEvent(FULL);
    expect(parseClickEvent(bytes(JSON.stringify(FULL)))).toEqual(expected);
    expect(parseClickEvent(bytes(`\uFEFF${JSON.stringify(FULL)}\n`))).toEqual(expected);
  });

  it.each<[string, Buffer, ClickEventResult]>([
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), invalid('record', RULES.utf8)],
    ['malformed JSON', bytes('{"eventType": "click",'), invalid('record', RULES.json)],
    ['two JSON objects', bytes('{}{}'), invalid('record', RULES.json)],
    ['empty', Buffer.alloc(0), invalid('record', RULES.json)],
    ['a JSON array', bytes('[{"eventType":"click"}]'), invalid('record', RULES.object)],
    ['a JSON string', bytes('"click"'), invalid('record', RULES.object)],
    ['JSON null', bytes('null'), invalid('record', RULES.object)],
  ])('%s', (_label, data, expected) => {
    expect(parseClickEvent(data)).toEqual(expected);
  });
});

describe('transformClickRecord', () => {
  it('valid → Ok with one JSON line and partition keys', () => {
    expect(transformClickRecord(Buffer.from(JSON.stringify(FULL)))).toEqual({
      result: 'Ok',
      data: formatClickEventLine(okEvent(FULL)),
      partitionKeys: { event_type: 'page_view', year: '2026', month: '11', day: '25', hour: '10' },
    });
  });

  it('bot → Dropped with the reason', () => {
    expect(transformClickRecord(Buffer.from(JSON.stringify({ ...FULL, isBot: true })))).toEqual({ result: 'Dropped', reason: 'isBot is true' });
  });

  it('invalid → ProcessingFailed with field and rule', () => {
    expect(transformClickRecord(Buffer.from(JSON.stringify({ ...FULL, url: 'nope' })))).toEqual({
      result: 'ProcessingFailed',
      reason: { field: 'url', rule: RULES.url },
    });
  });
});
