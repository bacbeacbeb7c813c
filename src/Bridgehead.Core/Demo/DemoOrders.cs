using Bridgehead.Accounts;
using Bridgehead.Calendar;
using Bridgehead.Common;
using Bridgehead.Contracts;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Orders of the demo customers, written, confirmed and delivered through the order use cases
/// themselves (so every booking comes from the same planning as a real confirmation), each on the
/// day it happened: the context's clock is set back while a step runs. The first customer calls
/// off its contract every month (a contract is recorded only when the account has none in force);
/// others have spot orders delivered on time, one late and still short, one due in two working
/// days with nothing shipped (at risk), and one made-to-order job in engineering. Korean accounts
/// get Korean notes.
/// </summary>
internal static class DemoOrders
{
    private sealed class DayClock(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
    }

    private sealed record Customer(long Id, bool Korean, long OwnerId, Role Role, long? TeamId, string Owner);

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var customers = await db.Accounts.AsNoTracking()
            .Where(a => a.Status == AccountStatus.Customer && a.Owner!.IsActive)
            .OrderBy(a => a.Id).Take(5)
            .Select(a => new Customer(a.Id, a.Country == "KR", a.OwnerId, a.Owner!.Role, a.Owner.TeamId, a.Owner.DisplayName))
            .ToListAsync(ct);
        var products = await ProductsAsync(db, ct);
        if (customers.Count == 0 || products.Count < 3)
        {
            return;
        }
        // Short lead times for the quick spot orders, the longest for the made-to-order job.
        var quick = products[0];
        var second = products[1];
        var slow = products[^1];
        var calendar = await WorkingCalendars.LoadAsync(db, ct);

        var clock = db.Clock;
        var viewer = db.Viewer;
        try
        {
            // 1. A scheduled order calling off the contract month by month; the first call-off delivered on its day.
            var c = customers[0];
            if (await CallOffsAsync(db, c, second, today, calendar, ct) is { } plan)
            {
                var scheduled = await WriteAsync(db, c, plan.OrderedOn, new OrderInput
                {
                    AccountId = c.Id,
                    Kind = OrderKind.Scheduled,
                    ContractId = plan.ContractId,
                    CustomerReference = c.Korean ? "PO-2026-정기" : "BLANKET-2026",
                    Notes = c.Korean ? "매월 첫 주 납품, 2번 게이트로 입고합니다." : "Monthly call-offs, delivered to gate 2.",
                    CallOffPlan = new CallOffPlanInput(plan.ProductId, plan.Quantity, plan.First, CallOffRhythm.Monthly, plan.Count),
                }, ct);
                await DeliverOnPromiseAsync(db, c, scheduled, 1, 0, today, ct);
            }

            // 2. A spot order delivered in full: one line early, one two days late.
            var spot = await WriteAsync(db, c, today.AddDays(-60), new OrderInput
            {
                AccountId = c.Id,
                Kind = OrderKind.Spot,
                Notes = c.Korean ? "긴급 보수용 추가 주문입니다." : "Extra order for a plant repair.",
                Lines =
                [
                    new OrderLineInput(quick.Id, Batch(quick, 0.1m), calendar.AddWorkingDays(today.AddDays(-60), quick.LeadTime + 3)),
                    new OrderLineInput(second.Id, Batch(second, 0.1m), calendar.AddWorkingDays(today.AddDays(-60), second.LeadTime + 2)),
                ],
            }, ct);
            await DeliverOnPromiseAsync(db, c, spot, 1, -1, today, ct);
            await DeliverOnPromiseAsync(db, c, spot, 2, 2, today, ct);

            var d = customers[Math.Min(1, customers.Count - 1)];
            // 3. Late: promised two weeks ago, only half shipped.
            var late = await WriteAsync(db, d, today.AddDays(-40), new OrderInput
            {
                AccountId = d.Id,
                Kind = OrderKind.Spot,
                CustomerReference = "PO-" + (4100 + d.Id),
                Lines = [new OrderLineInput(quick.Id, Batch(quick, 0.2m), calendar.AddWorkingDays(today.AddDays(-40), quick.LeadTime + 5))],
            }, ct);
            if (late.Lines[0].PromisedDate is { } latePromise && latePromise < today)
            {
                await DeliverAsync(db, d, late, 1, Batch(quick, 0.1m), latePromise,
                    d.Korean ? "1차 분량만 출하, 나머지는 원자재 입고 대기" : "First half shipped; the rest waits for raw material", ct);
            }

            // 4. Made to order: a custom job still in engineering.
            await WriteAsync(db, d, today.AddDays(-5), new OrderInput
            {
                AccountId = d.Id,
                Kind = OrderKind.MadeToOrder,
                Specification = d.Korean ? "고객 도면 A-2231 기준, 내식성 코팅 추가" : "To customer drawing A-2231, with a corrosion-resistant coating",
                EngineeringDays = 10,
                Lines = [new OrderLineInput(slow.Id, Batch(slow, 0.05m), calendar.AddWorkingDays(today, slow.LeadTime + 15))],
            }, ct);

            // 5. At risk: due in two working days and nothing shipped yet.
            var e = customers[Math.Min(2, customers.Count - 1)];
            var due = calendar.AddWorkingDays(today, 2);
            var orderedOn = today.AddDays(-(quick.LeadTime * 2) - 7);
            await WriteAsync(db, e, orderedOn, new OrderInput
            {
                AccountId = e.Id,
                Kind = OrderKind.Spot,
                Notes = e.Korean ? "라인 정지 일정에 맞춰 납품 요청" : "Needed for the customer's line stop",
                Lines = [new OrderLineInput(quick.Id, Batch(quick, 0.15m), due)],
            }, ct);

            // 6. A delivered order at each other customer, for their on-time-in-full record.
            foreach (var other in customers.Skip(3))
            {
                var done = await WriteAsync(db, other, today.AddDays(-30), new OrderInput
                {
                    AccountId = other.Id,
                    Kind = OrderKind.Spot,
                    Lines = [new OrderLineInput(second.Id, Batch(second, 0.05m), calendar.AddWorkingDays(today.AddDays(-30), second.LeadTime))],
                }, ct);
                await DeliverOnPromiseAsync(db, other, done, 1, 0, today, ct);
            }
        }
        finally
        {
            db.Clock = clock;
            db.Viewer = viewer;
        }
    }

    private sealed record Made(long Id, int LeadTime, decimal Capacity, decimal? MinimumBatch);

    /// <summary>Active products with a lead time and a capacity, quickest first; the first few get facts when none has them.</summary>
    private static async Task<List<Made>> ProductsAsync(BridgeheadDb db, CancellationToken ct)
    {
        var made = await db.Products.Where(p => p.IsActive && p.ProductionLeadTimeDays != null && p.WeeklyCapacity > 0)
            .OrderBy(p => p.ProductionLeadTimeDays).ThenBy(p => p.Id)
            .Select(p => new Made(p.Id, p.ProductionLeadTimeDays!.Value, p.WeeklyCapacity!.Value, p.MinimumBatch))
            .ToListAsync(ct);
        if (made.Count >= 3)
        {
            return made;
        }
        var bare = await db.Products.Where(p => p.IsActive).OrderBy(p => p.Id).Take(3).ToListAsync(ct);
        foreach (var (p, i) in bare.Select((p, i) => (p, i)))
        {
            p.ProductionLeadTimeDays ??= 7 + (7 * i);
            p.WeeklyCapacity ??= 500m;
        }
        await db.SaveChangesAsync(ct);
        return [.. bare.Select(p => new Made(p.Id, p.ProductionLeadTimeDays!.Value, p.WeeklyCapacity!.Value, p.MinimumBatch))];
    }

    /// <summary>A share of a week's capacity, whole units, never below the minimum batch.</summary>
    private static decimal Batch(Made product, decimal share) =>
        Math.Max(product.MinimumBatch ?? 1m, Math.Max(1m, decimal.Round(product.Capacity * share)));

    private sealed record CallOffPlan(long ContractId, long ProductId, DateOnly OrderedOn, DateOnly First, decimal Quantity, int Count);

    /// <summary>
    /// Monthly call-offs of the account's contract in force (the first line whose product the plant
    /// can make), or of one recorded here for <paramref name="fallback"/> when the account has none:
    /// signed three months ago, for a year. Null when the contract has too little left.
    /// </summary>
    private static async Task<CallOffPlan?> CallOffsAsync(BridgeheadDb db, Customer c, Made fallback, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        var contract = await db.Contracts.AsNoTracking().Include(x => x.Lines)
            .Where(x => x.AccountId == c.Id && x.SignedOn != null && x.EndsOn > today.AddMonths(1) && x.Lines.Count > 0)
            .OrderByDescending(x => x.StartsOn).ThenByDescending(x => x.Id).FirstOrDefaultAsync(ct);
        if (contract is null)
        {
            var price = await db.Products.Where(p => p.Id == fallback.Id).Select(p => p.ListPrice).FirstAsync(ct) ?? 10_000m;
            contract = new Contract
            {
                AccountId = c.Id,
                Number = "SA-" + (2026_000 + c.Id),
                StartsOn = today.AddDays(-90),
                EndsOn = today.AddDays(-90).AddYears(1).AddDays(-1),
                SignedOn = today.AddDays(-95),
                Currency = "KRW",
                Terms = c.Korean ? "연간 공급 계약: 월별 분할 납품, 대금은 납품 후 60일." : "Annual supply agreement: monthly call-offs, payment 60 days after delivery.",
                CreatedById = c.OwnerId,
            };
            contract.Lines.Add(new ContractLine
            {
                AccountId = c.Id,
                ProductId = fallback.Id,
                Quantity = decimal.Round(fallback.Capacity * 3m),
                UnitPrice = decimal.Round(price * 0.92m, 0),
                Position = 1,
            });
            db.Contracts.Add(contract);
            await db.SaveChangesAsync(ct);
        }
        var line = contract.Lines.OrderBy(l => l.Position).First();
        var product = await db.Products.FirstAsync(p => p.Id == line.ProductId, ct);
        // The products a contract names are made here: give them production facts if they have none.
        product.ProductionLeadTimeDays ??= 10;
        product.WeeklyCapacity ??= Math.Max(100m, decimal.Round(line.Quantity / 10m));
        await db.SaveChangesAsync(ct);

        // Placed 45 days ago, or when the contract started if later (today at the latest).
        var orderedOn = contract.StartsOn > today ? today : contract.StartsOn > today.AddDays(-45) ? contract.StartsOn : today.AddDays(-45);
        var first = calendar.AddWorkingDays(orderedOn, product.ProductionLeadTimeDays.Value + 2);
        if (first < contract.StartsOn)
        {
            first = calendar.AddWorkingDays(contract.StartsOn, 0);
        }
        var count = Enumerable.Range(1, 6).LastOrDefault(n => first.AddMonths(n - 1) <= contract.EndsOn);
        var calledOff = await db.OrderLines.Where(l => l.Order!.ContractId == contract.Id && l.Status != OrderLineStatus.Cancelled).Select(l => l.Quantity).ToListAsync(ct);
        var left = line.Quantity - calledOff.Sum();
        var quantity = count == 0 ? 0 : Math.Min(decimal.Round(product.WeeklyCapacity.Value * 0.2m), decimal.Floor(left / count));
        return quantity < 1 ? null : new CallOffPlan(contract.Id, product.Id, orderedOn, first, quantity, count);
    }

    private static void Act(BridgeheadDb db, Customer c, DateOnly day)
    {
        db.Viewer = new Viewer(c.OwnerId, c.Role, c.TeamId, c.Owner);
        db.Clock = new DayClock(day);
    }

    /// <summary>
    /// Writes the order on the day it was placed and confirms it then, as the owner of the account:
    /// the validation of a new order and the planning and booking of a confirmation, without
    /// reading the order back after each step.
    /// </summary>
    private static async Task<Order> WriteAsync(BridgeheadDb db, Customer c, DateOnly day, OrderInput input, CancellationToken ct)
    {
        Act(db, c, day);
        var order = await CreateOrder.AddAsync(db, CurrencySettings.Default, input with { OrderedOn = day }, ct);
        await db.SaveAsync(ct);
        await Booking.LockedAsync(db, [.. order.Lines.Select(l => l.ProductId).Distinct()], async () =>
        {
            await Booking.ConfirmAsync(db, db.Viewer!, order, null, ct);
            await db.SaveAsync(ct);
            return order.Id;
        }, ct);
        return order;
    }

    /// <summary>Delivers a line in full, <paramref name="daysAfter"/> days from its promise, when that day has come.</summary>
    private static async Task DeliverOnPromiseAsync(BridgeheadDb db, Customer c, Order order, int position, int daysAfter, DateOnly today, CancellationToken ct)
    {
        var line = order.Lines.Single(l => l.Position == position);
        if (line.PromisedDate is not { } promised)
        {
            return;
        }
        var day = promised.AddDays(daysAfter);
        if (day > today)
        {
            return;
        }
        await DeliverAsync(db, c, order, position, line.Quantity, day < order.OrderedOn ? order.OrderedOn : day, null, ct);
    }

    private static async Task DeliverAsync(BridgeheadDb db, Customer c, Order order, int position, decimal quantity, DateOnly day, string? note, CancellationToken ct)
    {
        Act(db, c, day);
        var line = order.Lines.Single(l => l.Position == position);
        await new RecordDelivery(db).HandleAsync(order.Id, line.Id, new DeliveryInput(quantity, day, note), ct);
    }
}
