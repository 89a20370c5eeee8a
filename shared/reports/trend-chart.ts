/**
 * The month-by-month chart's ECharts option: ratings as bars (left axis), satisfaction rates as
 * lines (right axis, 0–100). One builder for the console, which draws it in the browser, and the
 * server, which renders the same option to SVG for the evaluation report's PDF
 * (server/evaluation/chart.ts), so the two charts never drift apart.
 *
 * Printable in black and white: the bars are a light tone and the lines dark ones, each line
 * dashed differently, so the series stay apart without colour.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type TrendChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | AriaComponentOption>;

export interface TrendChartData {
  /** The x axis: month labels, already formatted. */
  months: string[];
  /** Ratings per month (bars, left axis). */
  bars: { name: string; values: number[] };
  /** Satisfaction rates per month in percent (lines, right axis); null where there is no figure. */
  lines: { name: string; values: (number | null)[] }[];
  /** What the chart shows, in words: its ARIA description (a table beside it has the numbers). */
  description: string;
  percentAxisLabel: (value: number) => string;
  countAxisLabel: (value: number) => string;
}

/** Colours with at least 3:1 against white and apart from each other, and the lines dashed differently. */
export const TREND_BAR_COLOUR = '#9fb3c8';
export const TREND_LINE_COLOURS = ['#a3201b', '#1f5f99', '#176434'] as const;
export const TREND_LINE_DASHES = ['solid', 'dashed', 'dotted'] as const;

export function trendLineStyle(index: number): { colour: string; dash: (typeof TREND_LINE_DASHES)[number] } {
  return { colour: TREND_LINE_COLOURS[index % TREND_LINE_COLOURS.length]!, dash: TREND_LINE_DASHES[index % TREND_LINE_DASHES.length]! };
}

export function trendChartOption(data: TrendChartData, options: { fontFamily?: string; fontSize?: number } = {}): TrendChartOption {
  return {
    animation: false,
    aria: { enabled: true, label: { enabled: true, description: data.description } },
    textStyle: { fontFamily: options.fontFamily ?? "'Be Vietnam Pro', sans-serif", ...(options.fontSize ? { fontSize: options.fontSize } : {}) },
    grid: { left: 56, right: 56, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: data.months },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: data.countAxisLabel } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: data.percentAxisLabel }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: data.bars.name, data: data.bars.values, yAxisIndex: 0, itemStyle: { color: TREND_BAR_COLOUR }, barMaxWidth: 32 },
      ...data.lines.map((line, index): LineSeriesOption => {
        const style = trendLineStyle(index);
        return {
          type: 'line',
          name: line.name,
          data: line.values,
          yAxisIndex: 1,
          connectNulls: false,
          symbolSize: 6,
          itemStyle: { color: style.colour },
          lineStyle: { width: 2, type: style.dash },
        };
      }),
    ],
  };
}
