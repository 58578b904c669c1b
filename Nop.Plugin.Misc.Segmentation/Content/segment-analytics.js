/*
 * The segment editor's details card: fetches the figures for the period the owner picked and draws the trend charts
 * with the admin's own Chart.js. The server computes, formats and translates everything; this script only fetches
 * and draws. A period the server refuses leaves the figures shown as they were and says why.
 */
(function ($) {
    'use strict';

    var charts = [], loadSeq = 0;
    var colours = { members: '#17a2b8', orders: '#6f42c1', revenue: '#fd7e14', entered: '#28a745', left: '#dc3545' };

    function destroyCharts() {
        $.each(charts, function (_, chart) { chart.destroy(); });
        charts = [];
    }

    function draw(canvasId, config) {
        var canvas = document.getElementById(canvasId);
        if (!canvas || typeof window.Chart === 'undefined') return;
        config.options = $.extend(true, { responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false } }, config.options);
        charts.push(new window.Chart(canvas, config));
    }

    function line(label, values, colour, axis) {
        return { label: label, data: values, borderColor: colour, backgroundColor: colour + '33', pointRadius: 2, tension: 0.2, spanGaps: true, yAxisID: axis };
    }

    function drawCharts($content) {
        var data = $content.find('.segment-trend').data('chart');
        if (!data) return;
        var texts = data.texts || {};
        var members = line(texts.members, data.members, colours.members, 'y');
        members.fill = true;
        draw('segment-trend-members', {
            type: 'line',
            data: { labels: data.labels, datasets: [members] },
            options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
        });
        draw('segment-trend-activity', {
            type: 'line',
            data: { labels: data.labels, datasets: [line(texts.orders, data.orders, colours.orders, 'orders'), line(texts.revenue, data.revenue, colours.revenue, 'revenue')] },
            options: {
                scales: {
                    orders: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 } },
                    revenue: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } }
                }
            }
        });
        draw('segment-trend-movements', {
            type: 'bar',
            data: {
                labels: data.labels,
                datasets: [
                    { label: texts.entered, data: data.entered, backgroundColor: colours.entered },
                    { label: texts.left, data: data.left, backgroundColor: colours.left }
                ]
            },
            options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
        });
    }

    // the owner's own days count only under "other days"; the offered periods are counted ahead every hour
    function otherDays() {
        var $days = $('#segment-details-days');
        return String($days.val()) === String($days.data('other'));
    }

    function load($root) {
        var seq = ++loadSeq;
        var $body = $('#segment-details-body'), $error = $('#segment-details-error');
        $error.hide().text('');
        $body.addClass('segment-preview-busy');
        $.ajax({
            cache: false,
            type: 'GET',
            url: $root.data('url'),
            data: otherDays()
                ? { id: $root.data('segment'), days: $('#segment-details-days').val(), from: $('#segment-details-from').val(), to: $('#segment-details-to').val() }
                : { id: $root.data('segment'), days: $('#segment-details-days').val() }
        }).done(function (html) {
            if (seq !== loadSeq) return; // an older answer arriving late
            destroyCharts();
            $body.html(html);
            // the admin's tooltips for the figures' definitions (the title shows them where Bootstrap's are missing)
            if ($.fn.tooltip) $body.find('[data-toggle="tooltip"]').tooltip();
            drawCharts($body);
        }).fail(function (xhr) {
            if (seq !== loadSeq) return;
            var answer = xhr.responseJSON || {};
            $error.text(answer.error || $root.data('failed')).show();
        }).always(function () {
            if (seq === loadSeq) $body.removeClass('segment-preview-busy');
        });
    }

    $(function () {
        // not the card's own id (nop-card names its element after asp-name): the body that holds the action's address
        var $root = $('#segment-details-root');
        if (!$root.length) return;
        $('#segment-details-show').on('click', function () { load($root); });
        // an offered period shows as soon as it is picked; other days wait for their boxes and the button
        $('#segment-details-days').on('change', function () {
            $('.segment-details-other-days').toggle(otherDays());
            if (!otherDays()) {
                load($root);
                return;
            }
            // other days start from the days on show, for the owner to move from there
            var $shown = $('#segment-details-body .segment-details-content');
            if ($shown.length) {
                $('#segment-details-from').val($shown.data('from'));
                $('#segment-details-to').val($shown.data('to'));
            }
        });
        $('.segment-details-other-days').toggle(otherDays());
        // Enter in a date box shows the period instead of submitting (saving) the segment's form around it
        $('#segment-details-from, #segment-details-to').on('keydown', function (e) {
            if (e.key === 'Enter') {
                e.preventDefault();
                load($root);
            }
        });
        load($root);
    });
})(jQuery);
