/**
 * The month-by-month chart: ECharts 6 with the SVG renderer and its ARIA component, imported
 * piece by piece (only the bar and line charts, the grid and ARIA), and loaded lazily by the page
 * so that the console's first load does not carry it. Its option is built by
 * shared/reports/trend-chart.ts, which the server also renders into the evaluation report's PDF.
 * The legend is HTML above the chart: it wraps long unit names, and a screen reader reads it as text.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent } from 'echarts/components';
import { init, use as registerChartParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { TREND_BAR_COLOUR, trendChartOption, trendLineStyle, type TrendChartData } from '../../../shared/reports/trend-chart';

registerChartParts([BarChart, LineChart, GridComponent, AriaComponent, SVGRenderer]);

export type TrendChartProps = TrendChartData;

/** The swatch of a series in the HTML legend, drawn like the series (colours through the style object, as the CSP allows). */
function Swatch({ index }: { index: number | null }) {
  if (index === null) return <span className="legend-bar" style={{ background: TREND_BAR_COLOUR }} aria-hidden="true" />;
  const style = trendLineStyle(index);
  return <span className="legend-line" style={{ borderTopColor: style.colour, borderTopStyle: style.dash }} aria-hidden="true" />;
}

export default function TrendChart({ months, bars, lines, description, percentAxisLabel, countAxisLabel }: TrendChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = init(element, null, { renderer: 'svg' });
    const option = trendChartOption({ months, bars, lines, description, percentAxisLabel, countAxisLabel });
    chart.setOption(option);
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [months, bars, lines, description, percentAxisLabel, countAxisLabel]);
  return (
    <>
      <ul className="chart-legend">
        <li>
          <Swatch index={null} />
          {bars.name}
        </li>
        {lines.map((line, index) => (
          <li key={line.name}>
            <Swatch index={index} />
            {line.name}
          </li>
        ))}
      </ul>
      <div ref={container} className="trend-chart" data-testid="trend-chart" />
    </>
  );
}
