import { api } from '../../shared/api/client';
import { money } from '../../shared/format';
import { navigate } from '../../shared/router/router';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { adminApi } from '../api';
import { FigureSection, ScrollTable } from '../dashboard/FigureSection';
import { KpiTile, percentOf } from '../dashboard/KpiTile';
import { rangeQuery, readRange, type RangeChoice } from '../dashboard/range';
import { RangePicker } from '../dashboard/RangePicker';
import { SalesChart } from '../dashboard/SalesChart';
import { dayLabel } from '../days';
import { adminPaths } from '../paths';
import type { Dashboard } from '../types';

/** Stock for fewer days than this is flagged. */
const LOW_COVER_DAYS = 7;
const decimal = new Intl.NumberFormat('en-AU', { maximumFractionDigits: 1 });

/** The business dashboard (admins): sales, products, aisles, stock, slots and picking for a range. */
export function DashboardPage({ query }: { readonly query: URLSearchParams }) {
  usePageTitle('Dashboard');
  const choice = readRange(query);
  const { from, to } = choice.range;
  const figures = useAsync((signal) => adminApi.dashboard({ from, to }, signal), [from, to]);
  const change = (next: RangeChoice) => navigate(adminPaths.dashboard(rangeQuery(next)), { replace: true, keepFocus: true });
  return (
    <>
      <div class="section-head">
        <h1>Dashboard</h1>
        <button type="button" class="button button-secondary button-small" onClick={figures.reload}>
          Refresh
        </button>
      </div>
      <p class="lead">
        {dayLabel(from)} to {dayLabel(to)} (UTC days), compared with the same number of days before.
      </p>
      <RangePicker choice={choice} onChange={change} />
      {figures.status === 'loading' && <DashboardSkeleton />}
      {figures.status === 'error' && <ErrorMessage error={figures.error} title="The dashboard could not be loaded" retry={figures.reload} />}
      {figures.status === 'ready' && <Figures dashboard={figures.value} />}
    </>
  );
}

function Figures({ dashboard }: { readonly dashboard: Dashboard }) {
  const aisles = useAsync(() => api.categories(), []);
  const aisleName = (id: string) => (aisles.status === 'ready' ? aisles.value.find((aisle) => aisle.id === id)?.name : undefined) ?? id;
  const { sales, picking, range } = dashboard;
  const slotTotals = dashboard.slots.days.reduce((sum, day) => ({ booked: sum.booked + day.booked, capacity: sum.capacity + day.capacity }), { booked: 0, capacity: 0 });
  const was = `${dayLabel(dashboard.previous.from)} – ${dayLabel(dashboard.previous.to)}`;
  return (
    <>
      <ul class="kpi-tiles" aria-label={`Key figures; previous period ${was}`}>
        <KpiTile label="Revenue" value={money(sales.totals.revenueCents)} change={sales.change.revenueCents} previous={money(sales.previousTotals.revenueCents)} />
        <KpiTile label="Orders" value={String(sales.totals.orders)} change={sales.change.orders} previous={String(sales.previousTotals.orders)} />
        <KpiTile
          label="Average order value"
          value={money(sales.totals.averageOrderValueCents)}
          change={sales.change.averageOrderValueCents}
          previous={money(sales.previousTotals.averageOrderValueCents)}
        />
        <KpiTile label="Fill rate" value={percentOf(picking.fillRate)} note={`${picking.lines} lines picked`} />
        <KpiTile label="Substitution rate" value={percentOf(picking.substitutionRate)} note={`${picking.substituted} lines substituted`} />
        <KpiTile
          label="Slot utilisation"
          value={percentOf(slotTotals.capacity ? slotTotals.booked / slotTotals.capacity : null)}
          note={`${slotTotals.booked} of ${slotTotals.capacity} slot places booked`}
        />
      </ul>

      <FigureSection id="sales-heading" title="Sales per day" figure="sales-by-day" range={range}>
        <SalesChart days={sales.days} />
        <details class="chart-table">
          <summary>Show the days as a table</summary>
          <ScrollTable label="Sales per day">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">Orders</th>
                <th scope="col" class="num">Revenue</th>
                <th scope="col" class="num">Average order</th>
              </tr>
            </thead>
            <tbody>
              {sales.days.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{dayLabel(day.day)}</th>
                  <td class="num">{day.orders}</td>
                  <td class="num">{money(day.revenueCents)}</td>
                  <td class="num">{money(day.averageOrderValueCents)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </details>
      </FigureSection>

      <div class="figure-grid">
        <FigureSection id="top-heading" title="Top products" figure="top-products" range={range}>
          {dashboard.topProducts.length === 0 ? (
            <p class="muted">No sales in this range.</p>
          ) : (
            <ScrollTable label="Top products">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Aisle</th>
                  <th scope="col" class="num">Units</th>
                  <th scope="col" class="num">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.topProducts.map((product) => (
                  <tr key={product.productId}>
                    <th scope="row">{product.name}</th>
                    <td>{aisleName(product.category)}</td>
                    <td class="num">{product.units}</td>
                    <td class="num">{money(product.revenueCents)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </FigureSection>

        <FigureSection id="aisles-heading" title="Aisles" figure="aisles" range={range}>
          {dashboard.aisles.length === 0 ? (
            <p class="muted">No sales in this range.</p>
          ) : (
            <ScrollTable label="Aisles">
              <thead>
                <tr>
                  <th scope="col">Aisle</th>
                  <th scope="col" class="num">Units</th>
                  <th scope="col" class="num">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.aisles.map((aisle) => (
                  <tr key={aisle.category}>
                    <th scope="row">{aisleName(aisle.category)}</th>
                    <td class="num">{aisle.units}</td>
                    <td class="num">{money(aisle.revenueCents)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </FigureSection>

        <FigureSection
          id="stock-heading"
          title="Stock alerts"
          figure="stock-alerts"
          range={range}
          description="Products that sold in the range, fewest days of stock left at that pace first."
        >
          {dashboard.stockAlerts.length === 0 ? (
            <p class="muted">Nothing sold in this range.</p>
          ) : (
            <ScrollTable label="Stock alerts">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col" class="num">In stock</th>
                  <th scope="col" class="num">Sold a day</th>
                  <th scope="col" class="num">Days of cover</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.stockAlerts.map((alert) => (
                  <tr key={alert.productId}>
                    <th scope="row">
                      {alert.name}
                      <span class="cell-note">{aisleName(alert.category)}</span>
                    </th>
                    <td class="num">{alert.stock}</td>
                    <td class="num">{decimal.format(alert.averageDailyUnits)}</td>
                    <td class="num">
                      {alert.daysOfCover < LOW_COVER_DAYS ? (
                        <strong class="badge badge-low">{decimal.format(alert.daysOfCover)}</strong>
                      ) : (
                        decimal.format(alert.daysOfCover)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </FigureSection>

        <FigureSection id="slots-heading" title="Slot utilisation" figure="slot-utilisation" range={range}>
          <ScrollTable label="Slot utilisation">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">Booked</th>
                <th scope="col" class="num">Capacity</th>
                <th scope="col" class="num">Used</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.slots.days.map((day) => (
                <tr key={day.day}>
                  <th scope="row">{dayLabel(day.day)}</th>
                  <td class="num">{day.booked}</td>
                  <td class="num">{day.capacity}</td>
                  <td class="num">{day.capacity ? percentOf(day.utilisation) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </FigureSection>

        <FigureSection id="picking-heading" title="Picking" figure="picking" range={range} description="Lines recorded by pickers in the range.">
          <ScrollTable label="Picking">
            <tbody>
              <tr>
                <th scope="row">Lines</th>
                <td class="num">{picking.lines}</td>
              </tr>
              <tr>
                <th scope="row">Picked as ordered</th>
                <td class="num">{picking.picked}</td>
              </tr>
              <tr>
                <th scope="row">Substituted</th>
                <td class="num">{picking.substituted}</td>
              </tr>
              <tr>
                <th scope="row">Not available</th>
                <td class="num">{picking.unavailable}</td>
              </tr>
              <tr>
                <th scope="row">Fill rate</th>
                <td class="num">{percentOf(picking.fillRate)}</td>
              </tr>
              <tr>
                <th scope="row">Substitution rate</th>
                <td class="num">{percentOf(picking.substitutionRate)}</td>
              </tr>
            </tbody>
          </ScrollTable>
        </FigureSection>
      </div>
    </>
  );
}

function DashboardSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span class="visually-hidden">Loading the figures…</span>
      <ul class="kpi-tiles" aria-hidden="true">
        {[0, 1, 2, 3, 4, 5].map((index) => (
          <li key={index} class="skeleton skeleton-tile" />
        ))}
      </ul>
      <SkeletonLines lines={4} label="Loading the chart" />
    </div>
  );
}
