/*
 * The segment dashboard's charts (Customers > Customer segments > Dashboard). Every figure and text comes formatted
 * from the server in #segment-dashboard-data; this file only draws them with Chart.js 4 and its matrix and sankey
 * controllers, which register themselves when their scripts load.
 */
(function () {
    'use strict';

    var source = document.getElementById('segment-dashboard-data');
    if (!source || typeof Chart === 'undefined')
        return;
    var data = JSON.parse(source.textContent);
    var texts = data.texts;
    var palette = ['#3c8dbc', '#00a65a', '#f39c12', '#dd4b39', '#605ca8', '#39cccc', '#d81b60', '#001f3f', '#3d9970', '#ff851b', '#85144b', '#7f8c8d'];

    Chart.defaults.locale = data.culture || 'en-US';
    Chart.defaults.maintainAspectRatio = false;

    function colorOf(index, alpha) {
        var hex = palette[index % palette.length];
        var r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
        return 'rgba(' + r + ',' + g + ',' + b + ',' + alpha + ')';
    }

    function canvas(id) {
        return document.getElementById(id);
    }

    // the RFM grid: recency (rows, 5 on top) by frequency (columns), each cell shaded by its average monetary score
    function drawRfm() {
        var element = canvas('rfm-grid');
        if (!element)
            return;
        var cells = data.rfm;
        var byKey = {};
        cells.forEach(function (c) { byKey[c.r + ':' + c.f] = c; });
        var cellUrl = element.getAttribute('data-cell-url');

        function fill(cell) {
            if (!cell.possible && cell.n === 0)
                return 'rgba(200,200,200,0.25)';
            if (cell.m === null)
                return 'rgba(240,240,240,1)';
            // average M 1 → light, 5 → deep blue
            var t = (cell.m - 1) / 4;
            return 'rgba(' + Math.round(222 - 190 * t) + ',' + Math.round(235 - 150 * t) + ',' + Math.round(247 - 90 * t) + ',1)';
        }

        // the named groups outlined: a thick line where a cell's neighbour belongs to another group or the grid ends
        var outline = {
            id: 'rfmGroupOutline',
            afterDatasetsDraw: function (chart) {
                var ctx = chart.ctx;
                var meta = chart.getDatasetMeta(0);
                ctx.save();
                ctx.strokeStyle = '#333';
                ctx.lineWidth = 3;
                meta.data.forEach(function (rect, i) {
                    var cell = chart.data.datasets[0].data[i];
                    var p = rect.getProps(['x', 'y', 'width', 'height'], true);
                    function other(r, f) {
                        var n = byKey[r + ':' + f];
                        return !n || n.g !== cell.g;
                    }
                    function line(x1, y1, x2, y2) {
                        ctx.beginPath();
                        ctx.moveTo(x1, y1);
                        ctx.lineTo(x2, y2);
                        ctx.stroke();
                    }
                    if (other(cell.r + 1, cell.f)) line(p.x, p.y, p.x + p.width, p.y);
                    if (other(cell.r - 1, cell.f)) line(p.x, p.y + p.height, p.x + p.width, p.y + p.height);
                    if (other(cell.r, cell.f - 1)) line(p.x, p.y, p.x, p.y + p.height);
                    if (other(cell.r, cell.f + 1)) line(p.x + p.width, p.y, p.x + p.width, p.y + p.height);
                    // the cell's customers and share, in a colour that reads on its shade
                    ctx.fillStyle = cell.m !== null && cell.m > 3 ? '#fff' : '#222';
                    ctx.textAlign = 'center';
                    ctx.textBaseline = 'middle';
                    ctx.font = 'bold 13px sans-serif';
                    ctx.fillText(cell.text, p.x + p.width / 2, p.y + p.height / 2 - 8);
                    ctx.font = '11px sans-serif';
                    ctx.fillText(cell.share, p.x + p.width / 2, p.y + p.height / 2 + 8);
                });
                ctx.restore();
            }
        };

        function cellAt(chart, elements) {
            return elements.length ? chart.data.datasets[elements[0].datasetIndex].data[elements[0].index] : null;
        }

        // the scores 1..5 at the cells' centres, whatever ticks the linear scale would choose
        function scoreAxis(prefix, title) {
            return {
                type: 'linear', min: 0.5, max: 5.5, offset: false, reverse: false, grid: { display: false },
                afterBuildTicks: function (axis) { axis.ticks = [1, 2, 3, 4, 5].map(function (v) { return { value: v }; }); },
                ticks: { callback: function (v) { return prefix + v; } },
                title: { display: true, text: title }
            };
        }

        new Chart(element, {
            type: 'matrix',
            data: {
                datasets: [{
                    data: cells.map(function (c) {
                        return { x: c.f, y: c.r, r: c.r, f: c.f, n: c.n, text: c.text, share: c.share, m: c.m, g: c.g, group: c.group, description: c.description, possible: c.possible };
                    }),
                    backgroundColor: function (context) { return context.raw ? fill(context.raw) : 'transparent'; },
                    borderColor: 'rgba(255,255,255,1)',
                    borderWidth: 1,
                    width: function (context) { var a = context.chart.chartArea; return a ? a.width / 5 - 2 : 0; },
                    height: function (context) { var a = context.chart.chartArea; return a ? a.height / 5 - 2 : 0; }
                }]
            },
            plugins: [outline],
            options: {
                plugins: {
                    legend: { display: false },
                    tooltip: {
                        callbacks: {
                            title: function (items) { return items.length ? items[0].raw.group : ''; },
                            label: function (item) { return item.raw.description.split(' · '); }
                        }
                    }
                },
                scales: {
                    x: scoreAxis('F ', texts.frequencyAxis),
                    // R 5 (the latest buyers) on top
                    y: scoreAxis('R ', texts.recencyAxis)
                },
                onHover: function (event, elements, chart) {
                    var cell = cellAt(chart, elements);
                    event.native.target.style.cursor = cellUrl && cell && cell.n > 0 ? 'pointer' : 'default';
                },
                // a click opens the members of exactly that cell
                onClick: function (event, elements, chart) {
                    var cell = cellAt(chart, elements);
                    if (cellUrl && cell && cell.n > 0)
                        window.location.href = cellUrl.replace('{recency}', cell.r).replace('{frequency}', cell.f);
                }
            }
        });
    }

    function groupedBars(id, labels, start, now, horizontal) {
        var element = canvas(id);
        if (!element)
            return;
        var datasets = [];
        if (start)
            datasets.push({ label: texts.start, data: start, backgroundColor: colorOf(0, 0.35), borderColor: colorOf(0, 0.9), borderWidth: 1 });
        datasets.push({ label: texts.now, data: now, backgroundColor: colorOf(1, 0.7), borderColor: colorOf(1, 1), borderWidth: 1 });
        new Chart(element, {
            type: 'bar',
            data: { labels: labels, datasets: datasets },
            options: {
                indexAxis: horizontal ? 'y' : 'x',
                scales: horizontal ? { x: { beginAtZero: true, ticks: { precision: 0 } } } : { y: { beginAtZero: true, ticks: { precision: 0 } } }
            }
        });
    }

    function drawFlows() {
        var element = canvas('segment-flows');
        if (!element || !data.flows.data.length)
            return;
        var keys = {};
        data.flows.data.forEach(function (f) { keys[f.from.substr(1)] = true; keys[f.to.substr(1)] = true; });
        var order = Object.keys(keys).sort(function (a, b) { return a - b; });
        function color(key) { return colorOf(order.indexOf(key.substr(1)), 0.8); }
        var column = {};
        data.flows.data.forEach(function (f) { column[f.from] = 0; column[f.to] = 1; });
        new Chart(element, {
            type: 'sankey',
            data: {
                datasets: [{
                    label: texts.customers,
                    data: data.flows.data,
                    labels: data.flows.labels,
                    column: column,
                    colorFrom: function (c) { return c.raw ? color(c.raw.from) : 'transparent'; },
                    colorTo: function (c) { return c.raw ? color(c.raw.to) : 'transparent'; },
                    colorMode: 'gradient',
                    size: 'max'
                }]
            },
            options: {
                plugins: {
                    legend: { display: false },
                    tooltip: {
                        callbacks: {
                            label: function (item) {
                                var f = item.raw;
                                return data.flows.labels[f.from] + ' → ' + data.flows.labels[f.to] + ': ' + new Intl.NumberFormat(data.culture).format(f.flow);
                            }
                        }
                    }
                }
            }
        });
    }

    function drawFunnel() {
        var element = canvas('cart-funnel');
        if (!element)
            return;
        new Chart(element, {
            type: 'bar',
            data: {
                labels: data.funnel.labels,
                datasets: [{
                    label: texts.carts,
                    data: data.funnel.values,
                    backgroundColor: data.funnel.values.map(function (v, i) { return i === data.funnel.values.length - 1 ? colorOf(1, 0.8) : colorOf(0, 0.6); })
                }]
            },
            options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
        });
    }

    drawRfm();
    data.dimensions.forEach(function (d) { groupedBars('dimension-' + d.key, d.labels, d.start, d.now, false); });
    groupedBars('segment-sizes', data.sizes.labels, data.sizes.start.some(function (v) { return v !== null; }) ? data.sizes.start : null, data.sizes.now, true);
    drawFlows();
    drawFunnel();
})();
