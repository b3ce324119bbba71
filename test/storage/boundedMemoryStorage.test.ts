import { BoundedMemoryStorage, ETagConflictError } from '../../src/storage/boundedMemoryStorage';

describe('BoundedMemoryStorage', () => {
  it('drops the least recently used keys past its limit', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await storage.write({ [key]: { n: key } });
    await storage.read(['a']); // a is now the most recently used
    await storage.write({ d: { n: 'd' } });
    expect(Object.keys(await storage.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'c', 'd']);
    expect(storage.size).toBe(3);
  });

  it('stays at its limit however many conversations it sees', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) {
      await storage.write({ [`conversation-${i}`]: { i } });
      expect(storage.size).toBeLessThanOrEqual(100);
    }
    expect(storage.size).toBeGreaterThanOrEqual(98);
    expect(await storage.read(['conversation-9999'])).toHaveProperty('conversation-9999');
  });

  it('when full, frees a sixty-fourth of its room at once, least recently used first', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 640 });
    for (let i = 0; i < 640; i++) await storage.write({ [`k${i}`]: { i } });
    expect(storage.size).toBe(640);
    await storage.write({ k640: { i: 640 } });
    expect(storage.size).toBe(630);
    const kept = await storage.read(Array.from({ length: 641 }, (_, i) => `k${i}`));
    expect(Object.keys(kept)).toHaveLength(630);
    expect(kept).not.toHaveProperty('k10');
    expect(kept).toHaveProperty('k11');
    expect(kept).toHaveProperty('k640');
  });

  it('keeps to its byte budget however large the entries, least recently used out first', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 1000, maxBytes: 64_000 });
    const paste = 'x'.repeat(9_000);
    for (let i = 0; i < 30; i++) {
      await storage.write({ [`big-${i}`]: { paste } });
      expect(storage.byteCount).toBeLessThanOrEqual(64_000);
    }
    expect(storage.size).toBeLessThan(8);
    expect(await storage.read(['big-29'])).toHaveProperty('big-29');
    expect(await storage.read(['big-0'])).toEqual({});
    // Replacing or deleting an entry gives its bytes back.
    await storage.write({ 'big-29': { small: 1 } });
    await storage.delete(['big-28']);
    const left = await storage.read(Array.from({ length: 30 }, (_, i) => `big-${i}`));
    const expected = Object.entries(left).reduce(
      (sum, [key, item]) =>
        sum + Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify({ ...item, eTag: undefined })),
      0,
    );
    expect(storage.byteCount).toBe(expected);
  });

  it('counts bytes, not characters: text outside Latin-1 fills the budget faster', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 1000, maxBytes: 64_000 });
    // 9 000 CJK characters are 27 000 bytes of UTF-8; counted as characters, seven would fit.
    for (let i = 0; i < 10; i++) await storage.write({ [`cjk-${i}`]: { paste: '会'.repeat(9_000) } });
    expect(storage.byteCount).toBeLessThanOrEqual(64_000);
    expect(storage.size).toBeLessThanOrEqual(2);
  });

  it('sweeps out idle keys nobody reads again, once a minute at most', async () => {
    let now = 0;
    const storage = new BoundedMemoryStorage({ idleTtlMs: 5 * 60_000, now: () => now });
    for (let i = 0; i < 50; i++) await storage.write({ [`idle-${i}`]: { i } });
    now = 6 * 60_000;
    await storage.write({ fresh: { v: 1 } });
    expect(storage.size).toBe(1);
    now += 1000;
    await storage.write({ another: { v: 2 } });
    expect(storage.size).toBe(2);
  });

  it('forgets keys idle for longer than the TTL', async () => {
    let now = 0;
    const storage = new BoundedMemoryStorage({ idleTtlMs: 1000, now: () => now });
    await storage.write({ old: { v: 1 } });
    now = 500;
    await storage.write({ fresh: { v: 2 } });
    now = 1200;
    expect(Object.keys(await storage.read(['old', 'fresh']))).toEqual(['fresh']);
  });

  it('gives real eTags and rejects a write based on an old one', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ k: { v: 1 } });
    const first = (await storage.read(['k']))['k'];
    await storage.write({ k: { ...first, v: 2 } });
    await expect(storage.write({ k: { ...first, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k']))['k']).toMatchObject({ v: 2 });
    await storage.write({ k: { v: 4, eTag: '*' } });
    expect((await storage.read(['k']))['k']).toMatchObject({ v: 4 });
  });

  it('hands out copies, so changing what was read changes nothing stored', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ k: { list: [1] } });
    const item = (await storage.read(['k']))['k'] as { list: number[] };
    item.list.push(2);
    expect((await storage.read(['k']))['k']).toMatchObject({ list: [1] });
  });

  it('deletes', async () => {
    const storage = new BoundedMemoryStorage();
    await storage.write({ k: { v: 1 } });
    await storage.delete(['k']);
    expect(await storage.read(['k'])).toEqual({});
  });
});
