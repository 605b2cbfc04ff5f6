// All monitors in one picture that stays readable: the monitors' pictures go
// into a grid whose shape is close to 16:9, not one strip as wide as the desk.

export interface Size {
  width: number;
  height: number;
}

export interface GridLayout extends Size {
  /** where each picture's top-left corner goes, in the order given */
  cells: Array<{ x: number; y: number }>;
}

const TARGET_ASPECT = 16 / 9;

/**
 * Choice: the portal shows a 320-px-wide thumbnail; three 1920x1080 monitors side by side
 * would leave each 107x60 px there, so they go into a 2x2 grid (160x90 each), the shape a
 * diary cell shows best. Cells are as large as the largest picture, filled in reading order
 * (the layout is sorted so), each picture at its cell's top left; ties keep more columns,
 * closer to the desk's own left-to-right order.
 */
export function gridLayout(pictures: Size[]): GridLayout {
  const cellWidth = Math.max(...pictures.map((p) => p.width));
  const cellHeight = Math.max(...pictures.map((p) => p.height));
  let best = { columns: pictures.length, distance: Infinity };
  for (let columns = pictures.length; columns >= 1; columns--) {
    const rows = Math.ceil(pictures.length / columns);
    const distance = Math.abs(Math.log((columns * cellWidth) / (rows * cellHeight) / TARGET_ASPECT));
    if (distance < best.distance - 1e-9) best = { columns, distance };
  }
  const { columns } = best;
  const rows = Math.ceil(pictures.length / columns);
  return {
    width: columns * cellWidth,
    height: rows * cellHeight,
    cells: pictures.map((_, i) => ({ x: (i % columns) * cellWidth, y: Math.floor(i / columns) * cellHeight })),
  };
}

/** Copies packed RGB `source` (width x height) into packed RGB `target` (targetWidth wide) at x,y. */
export function blitRgb(target: Buffer, targetWidth: number, source: Buffer, size: Size, at: { x: number; y: number }): void {
  const row = size.width * 3;
  for (let y = 0; y < size.height; y++) source.copy(target, ((at.y + y) * targetWidth + at.x) * 3, y * row, (y + 1) * row);
}
