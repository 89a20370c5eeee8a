/**
 * The trend chart of the evaluation report, rendered on the server to SVG by ECharts' server-side
 * renderer from the very option the console draws (shared/reports/trend-chart.ts). The SVG goes
 * into the report's HTML, so its labels are real text in the PDF.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent } from 'echarts/components';
import { init, use as registerChartParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { trendChartOption, type TrendChartData } from '../../shared/reports/trend-chart';

registerChartParts([BarChart, LineChart, GridComponent, AriaComponent, SVGRenderer]);

/** The chart as an SVG document of `width` × `height` CSS pixels. */
export function trendChartSvg(data: TrendChartData, size: { width: number; height: number }): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(trendChartOption(data, { fontSize: 11 }));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
