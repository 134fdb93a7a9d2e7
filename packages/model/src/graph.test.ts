import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildGraph, findCycles, reachableFrom } from './graph.js';

const node = (id: string, kind = 'set') => ({ id, kind });
const edge = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

describe('graph helpers', () => {
  const graph = buildGraph(
    ['t', 'a', 'b', 'c', 'd', 'x'].map((id) => node(id)),
    [edge('t', 'a'), edge('a', 'b', 'true'), edge('a', 'c', 'false'), edge('b', 'd'), edge('c', 'd'), edge('x', 'ghost')],
  );

  it('drops edges to missing nodes and defaults the handle to out', () => {
    expect(graph.edges).toHaveLength(5);
    expect(graph.outgoing.get('t')?.[0]?.sourceHandle).toBe('out');
  });

  it('computes reachability, with blocking nodes', () => {
    expect([...reachableFrom(graph, ['t'])].sort()).toEqual(['a', 'b', 'c', 'd', 't']);
    expect([...reachableFrom(graph, ['t'], (id) => id === 'b' || id === 'c')].sort()).toEqual(['a', 'b', 'c', 't']);
  });

  it('computes ancestors over every path', () => {
    expect([...ancestorsOf(graph, 'd')].sort()).toEqual(['a', 'b', 'c', 't']);
    expect([...ancestorsOf(graph, 't')]).toEqual([]);
  });

  it('finds each cycle with its nodes', () => {
    const cyclic = buildGraph(
      ['t', 'a', 'b', 'c', 'd', 'e'].map((id) => node(id)),
      [edge('t', 'a'), edge('a', 'b'), edge('b', 'a'), edge('b', 'c'), edge('c', 'd'), edge('d', 'e'), edge('e', 'c')],
    );
    expect(findCycles(cyclic).map((c) => [...c].sort())).toEqual(expect.arrayContaining([['a', 'b'], ['c', 'd', 'e']]));
    expect(findCycles(cyclic)).toHaveLength(2);
    expect(findCycles(graph)).toEqual([]);
  });

  it('handles a long chain without recursion', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `n${i}`);
    const chain = buildGraph(ids.map((id) => node(id)), ids.slice(1).map((id, i) => edge(`n${i}`, id)));
    expect(findCycles(chain)).toEqual([]);
    expect(reachableFrom(chain, ['n0']).size).toBe(50_000);
  });
});
