// Thinning long lines for figures: a 2000-step path is 2000 points to send, but on screen it is a few hundred
// corners. The Ramer–Douglas–Peucker simplification keeps the points where the line turns and drops those that lie
// (within a tolerance) on the straight line between their neighbours; the tolerance grows until the line fits the
// point budget. Distances are measured in units of the plot's span, so "within 1/1000" means under a pixel.

/**
 * The indices to keep (ascending, first and last included) so that the polyline through `xs`, `ys` has at most
 * `maxPoints` points and leaves out only points that lie close to it. Lines already within the budget are kept
 * whole. Non-finite values are always kept and break the line, so a run that blew up still shows where.
 *
 * @param xs The x values, in the plot's units (log10 of them for a log axis).
 * @param ys The y values, likewise.
 * @param maxPoints The budget, at least 2.
 * @returns The indices of the points to keep.
 */
export function thinIndices(xs: readonly number[], ys: readonly number[], maxPoints: number): number[] {
  const n = xs.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= maxPoints) return all;
  const finite = all.filter((i) => Number.isFinite(xs[i]) && Number.isFinite(ys[i]));
  const span = (values: readonly number[]) => { // loops, not Math.max(...values): a spread of 10⁵ values overflows the stack
    let low = Infinity, high = -Infinity;
    for (const i of finite) {
      low = Math.min(low, values[i]);
      high = Math.max(high, values[i]);
    }
    return high > low ? high - low : 1;
  };
  const sx = span(xs), sy = span(ys);
  const u = xs.map((v) => v / sx);
  const v = ys.map((w) => w / sy);
  // The smallest tolerance whose simplification fits the budget, by bisection (the count falls as it grows).
  let lo = 0, hi = 1;
  let best = keep(u, v, hi);
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const kept = keep(u, v, mid);
    if (kept.length <= maxPoints) {
      best = kept;
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}

/** Ramer–Douglas–Peucker on each finite stretch of the line, with an explicit stack (no deep recursion). */
function keep(u: readonly number[], v: readonly number[], tol: number): number[] {
  const n = u.length;
  const kept = new Uint8Array(n);
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && Number.isFinite(u[i]) && Number.isFinite(v[i]);
    if (ok && start === -1) start = i;
    if (!ok) {
      if (start !== -1) simplifyStretch(u, v, start, i - 1, tol, kept);
      if (i < n) kept[i] = 1;
      start = -1;
    }
  }
  const indices: number[] = [];
  kept.forEach((k, i) => k && indices.push(i));
  return indices;
}

function simplifyStretch(
  u: readonly number[],
  v: readonly number[],
  first: number,
  last: number,
  tol: number,
  kept: Uint8Array,
): void {
  kept[first] = kept[last] = 1;
  const stack: [number, number][] = [[first, last]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let far = -1, farthest = tol;
    for (let i = a + 1; i < b; i++) {
      const d = distanceToSegment(u[i], v[i], u[a], v[a], u[b], v[b]);
      if (d > farthest) {
        farthest = d;
        far = i;
      }
    }
    if (far !== -1) {
      kept[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const s = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - ax - s * dx, py - ay - s * dy);
}
