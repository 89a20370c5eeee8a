/**
 * The month-by-month chart: ECharts 6 with the SVG renderer and its ARIA component, imported
 * piece by piece (only the bar and line charts, the grid and ARIA), and loaded lazily by the page
 * so that the console's first load does not carry it. The legend is HTML above the chart: it
 * wraps long unit names, and a screen reader reads it as text.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent } from 'echarts/components';
import { init, use as registerChartParts, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption } from 'echarts/components';
import { useEffect, useRef } from 'react';

registerChartParts([BarChart, LineChart, GridComponent, AriaComponent, SVGRenderer]);

type TrendOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | AriaComponentOption>;

export interface TrendChartProps {
  /** The x axis: month labels, already formatted. */
  months: string[];
  /** Ratings per month (bars, left axis). */
  bars: { name: string; values: number[] };
  /** Satisfaction rates per month in percent (lines, right axis); null where there is no figure. */
  lines: { name: string; values: (number | null)[] }[];
  /** What the chart shows, in words: its ARIA description (the table below has the numbers). */
  description: string;
  percentAxisLabel: (value: number) => string;
  countAxisLabel: (value: number) => string;
}

/** Colours with at least 3:1 against white and apart from each other, and the lines dashed differently. */
const BAR_COLOUR = '#9fb3c8';
const LINE_COLOURS = ['#a3201b', '#1f5f99', '#176434'];
const LINE_DASHES = ['solid', 'dashed', 'dotted'] as const;

/** The swatch of a series in the HTML legend, drawn like the series (colours through the style object, as the CSP allows). */
function Swatch({ index }: { index: number | null }) {
  if (index === null) return <span className="legend-bar" style={{ background: BAR_COLOUR }} aria-hidden="true" />;
  return <span className="legend-line" style={{ borderTopColor: LINE_COLOURS[index % LINE_COLOURS.length], borderTopStyle: LINE_DASHES[index % LINE_DASHES.length] }} aria-hidden="true" />;
}

export default function TrendChart({ months, bars, lines, description, percentAxisLabel, countAxisLabel }: TrendChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = init(element, null, { renderer: 'svg' });
    const option: TrendOption = {
      animation: false,
      aria: { enabled: true, label: { enabled: true, description } },
      textStyle: { fontFamily: "'Be Vietnam Pro', sans-serif" },
      grid: { left: 56, right: 56, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: months },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: countAxisLabel } },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: percentAxisLabel }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: bars.name, data: bars.values, yAxisIndex: 0, itemStyle: { color: BAR_COLOUR }, barMaxWidth: 32 },
        ...lines.map(
          (line, index): LineSeriesOption => ({
            type: 'line',
            name: line.name,
            data: line.values,
            yAxisIndex: 1,
            connectNulls: false,
            symbolSize: 6,
            itemStyle: { color: LINE_COLOURS[index % LINE_COLOURS.length] },
            lineStyle: { width: 2, type: LINE_DASHES[index % LINE_DASHES.length] },
          }),
        ),
      ],
    };
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
