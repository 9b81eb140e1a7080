import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/tracker/emitter';

describe('createEmitter', () => {
  it('calls every listener of a type in the order they were added, even after one throws', () => {
    const emitter = createEmitter<{ track: number }>();
    const heard: string[] = [];
    emitter.on('track', (n) => heard.push(`a${n}`));
    emitter.on('track', () => {
      throw new Error('a listener bug');
    });
    emitter.on('track', (n) => heard.push(`c${n}`));
    expect(() => emitter.emit('track', 1)).not.toThrow();
    expect(heard).toEqual(['a1', 'c1']);
  });

  it('stops calling a removed listener, and leaves the others', () => {
    const emitter = createEmitter<{ track: number }>();
    const heard: number[] = [];
    const off = emitter.on('track', (n) => heard.push(n));
    emitter.on('track', (n) => heard.push(n * 10));
    emitter.emit('track', 1);
    off();
    emitter.emit('track', 2);
    expect(heard).toEqual([1, 10, 20]);
  });

  it('lets a listener added while an event is emitted hear the next event, not that one', () => {
    const emitter = createEmitter<{ track: number }>();
    const heard: number[] = [];
    let added = false;
    emitter.on('track', () => {
      if (!added) emitter.on('track', (n) => heard.push(n));
      added = true;
    });
    emitter.emit('track', 1);
    emitter.emit('track', 2);
    expect(heard).toEqual([2]);
  });

  it('does nothing for a type without listeners, and nothing after clear()', () => {
    const emitter = createEmitter<{ track: number; error: string }>();
    const heard: number[] = [];
    emitter.on('track', (n) => heard.push(n));
    emitter.emit('error', 'x');
    emitter.clear();
    emitter.emit('track', 1);
    expect(heard).toEqual([]);
  });
});
