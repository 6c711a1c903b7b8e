import { describe, expect, it } from 'vitest';
import { resultMessage } from '../../extension/src/background/pageChannel.js';
import { StreamedResults } from '../../extension/src/content/streamedResult.js';

const sigs = Array.from({ length: 7 }, (_, i) => `sig${i}==`);

describe('a batch streamed from the background to the content script', () => {
  it('round trip: the page gets count-only events and one result with every signature, in order', () => {
    const ahead: string[] = [];
    const toContent: Record<string, unknown>[] = [];
    // pageChannel: two progress events carrying parts, then the result.
    for (const [done, part] of [
      [2, sigs.slice(0, 2)],
      [5, sigs.slice(2, 5)],
    ] as const) {
      ahead.push(...part);
      toContent.push({ kyso: 1, id: 'r1', event: 'progress', data: { done, total: 7 }, part: [...part] });
    }
    toContent.push(
      resultMessage(
        'r1',
        { signatures: sigs, hashAlgorithm: 'SHA-256', scheme: 'RSASSA-PKCS1-v1_5' },
        ahead,
      ) as Record<string, unknown>,
    );
    expect(toContent.at(-1)).toEqual({
      kyso: 1,
      id: 'r1',
      result: { signatures: sigs.slice(5), hashAlgorithm: 'SHA-256', scheme: 'RSASSA-PKCS1-v1_5' },
      from: 5,
    });
    const content = new StreamedResults();
    const toPage = toContent.map((m) => content.toPage(m as never));
    expect(toPage).toEqual([
      { kyso: 1, id: 'r1', event: 'progress', data: { done: 2, total: 7 } },
      { kyso: 1, id: 'r1', event: 'progress', data: { done: 5, total: 7 } },
      {
        kyso: 1,
        id: 'r1',
        result: { signatures: sigs, hashAlgorithm: 'SHA-256', scheme: 'RSASSA-PKCS1-v1_5' },
      },
    ]);
  });

  it('messages without parts go to the page unchanged', () => {
    const content = new StreamedResults();
    const event = { kyso: 1 as const, id: 'a', event: 'progress', data: { done: 1, total: 2 } };
    const result = { kyso: 1 as const, id: 'a', result: { signature: 'x' } };
    expect(content.toPage(event)).toBe(event);
    expect(content.toPage(result)).toBe(result);
    expect(resultMessage('b', { signature: 'y' }, [])).toEqual({
      kyso: 1,
      id: 'b',
      result: { signature: 'y' },
    });
  });

  it('an error after parts (a token pulled out mid-batch) reaches the page as it is', () => {
    const content = new StreamedResults();
    content.toPage({
      kyso: 1,
      id: 'e',
      event: 'progress',
      data: { done: 2, total: 7 },
      part: sigs.slice(0, 2),
    });
    const error = { kyso: 1 as const, id: 'e', error: { code: 'TOKEN_REMOVED', message: 'gone' } };
    expect(content.toPage(error)).toBe(error);
  });

  it('out of step in the content script (a malformed part, a wrong from, no parts) → INTERNAL for the page', () => {
    const cases: [Record<string, unknown>[], Record<string, unknown>][] = [
      [[{ part: ['ok', 3] }], { from: 2, result: { signatures: sigs.slice(2) } }],
      [[{ part: sigs.slice(0, 2) }], { from: 3, result: { signatures: sigs.slice(3) } }],
      [[], { from: 2, result: { signatures: sigs.slice(2) } }],
      [[{ part: sigs.slice(0, 2) }], { result: { signatures: sigs.slice(2) } }],
      [[{ part: sigs.slice(0, 2) }], { from: 2, result: { signatures: 'nope' } }],
    ];
    for (const [events, final] of cases) {
      const content = new StreamedResults();
      for (const e of events)
        content.toPage({ kyso: 1, id: 'x', event: 'progress', data: { done: 2, total: 7 }, ...e } as never);
      expect(
        content.toPage({ kyso: 1, id: 'x', ...final } as never),
        JSON.stringify([events, final]),
      ).toEqual({
        kyso: 1,
        id: 'x',
        error: { code: 'INTERNAL', message: expect.any(String) },
      });
    }
  });

  it('the background refuses a result that does not start with the signatures sent ahead', () => {
    for (const result of [
      { signatures: ['other', ...sigs.slice(1)] },
      { signatures: sigs.slice(0, 1) },
      {},
    ]) {
      expect(resultMessage('z', result, sigs.slice(0, 2))).toMatchObject({
        kyso: 1,
        id: 'z',
        error: { code: 'INTERNAL' },
      });
    }
  });

  it('requests are kept apart, and a dropped request forgets its parts', () => {
    const content = new StreamedResults();
    content.toPage({ kyso: 1, id: 'p', event: 'progress', data: { done: 1, total: 3 }, part: ['p0'] });
    content.toPage({ kyso: 1, id: 'q', event: 'progress', data: { done: 2, total: 3 }, part: ['q0', 'q1'] });
    expect(content.toPage({ kyso: 1, id: 'q', from: 2, result: { signatures: ['q2'] } })).toEqual({
      kyso: 1,
      id: 'q',
      result: { signatures: ['q0', 'q1', 'q2'] },
    });
    content.drop('p');
    expect(content.toPage({ kyso: 1, id: 'p', from: 1, result: { signatures: ['p1', 'p2'] } })).toMatchObject(
      {
        error: { code: 'INTERNAL' },
      },
    );
  });
});
