/**
 * The month-by-month chart: ECharts 6 with the SVG renderer and its ARIA component, imported
 * piece by piece (only the bar and line charts, the grid, the legend and ARIA), and loaded
 * lazily by the page so that the console's first load does not carry it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import { init, use as registerChartParts, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption } from 'echarts/components';
import { useEffect, useRef } from 'react';

registerChartParts([BarChart, LineChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

type TrendOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | AriaComponentOption>;

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
      grid: { left: 56, right: 56, top: 40, bottom: 32 },
      legend: { top: 0, data: [bars.name, ...lines.map((l) => l.name)] },
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
  return <div ref={container} className="trend-chart" data-testid="trend-chart" />;
}
