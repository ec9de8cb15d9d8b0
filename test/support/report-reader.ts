import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** The node itself, if an element, and every element below it, in document order. */
function elementsIn(node: Node): Element[] {
  const found: Element[] = [];
  const visit = (current: Node) => {
    if ('tagName' in current) found.push(current);
    if ('childNodes' in current) current.childNodes.forEach(visit);
  };
  visit(node);
  return found;
}

const named = (node: Node, tagName: string) =>
  elementsIn(node).filter((element) => element.tagName === tagName);

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

const attribute = (element: Element | undefined, name: string) =>
  element?.attrs.find((attr) => attr.name === name)?.value;

/** Cells of class `number` hold a figure, or a dash where there is none. */
function cellValue(cell: Element): string | number | null {
  const text = textOf(cell);
  if (attribute(cell, 'class') !== 'number') return text;
  return text === '—' ? null : Number(text);
}

/** A section of the report as a reader finds it: its chart(s) and its table. */
export interface SectionView {
  id: string;
  svgCount: number;
  /** The accessible descriptions of the chart's marks, axes and legends. */
  chartLabels: string[];
  /** The table's column keys (`data-key`) and its cells, read back as values. */
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ReportView {
  title: string;
  asOf: string | undefined;
  position: string | undefined;
  sections: SectionView[];
  svgCount: number;
  tagNames: Set<string>;
}

/** Reads a report page with a standards-conforming HTML parser (parse5). */
export function readReport(html: string): ReportView {
  const document = parse(html);
  const all = elementsIn(document);
  const byId = (id: string) => all.find((element) => attribute(element, 'id') === id);
  return {
    title: textOf(named(document, 'title')[0]),
    asOf: attribute(byId('as-of'), 'datetime'),
    position: attribute(byId('position'), 'value'),
    sections: named(document, 'section').map((section) => {
      const svgs = named(section, 'svg');
      const table = named(section, 'table')[0];
      return {
        id: attribute(section, 'id') ?? '',
        svgCount: svgs.length,
        chartLabels: svgs
          .flatMap(elementsIn)
          .map((element) => attribute(element, 'aria-label'))
          .filter((label): label is string => label !== undefined),
        columns: named(table, 'th').map((th) => attribute(th, 'data-key') ?? ''),
        rows: named(named(table, 'tbody')[0], 'tr').map((tr) => named(tr, 'td').map(cellValue)),
      };
    }),
    svgCount: named(document, 'svg').length,
    tagNames: new Set(all.map((element) => element.tagName)),
  };
}
