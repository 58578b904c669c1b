/*
 * The segment rule editor: live check and preview while the owner types, completion of fields, operators and values,
 * the field reference, and the visual builder. The server parses, prints and counts; this script only shows, so
 * the text and the builder can never disagree with what saving does.
 */
(function ($) {
    'use strict';

    var $root, $input, $marked, $error, $summary, $sample, $completion, $builder, reference = null, texts = {};
    var previewTimer = null, previewSeq = 0, view = 'text', tree = null;

    function post(url, data) {
        addAntiForgeryToken(data);
        return $.ajax({ cache: false, type: 'POST', url: url, data: data, traditional: true });
    }

    function esc(value) { return $('<div/>').text(value == null ? '' : String(value)).html(); }

    // ---------------------------------------------------------------- preview

    function schedulePreview() {
        clearTimeout(previewTimer);
        previewTimer = setTimeout(preview, 400);
    }

    function preview() {
        var rule = $input.val();
        var seq = ++previewSeq;
        if (!$.trim(rule)) {
            showError(null);
            $summary.html('<span class="text-muted">' + esc(texts.waiting) + '</span>');
            $sample.empty();
            return;
        }
        $summary.addClass('segment-preview-busy');
        post($root.data('preview-url'), { rule: rule, storeId: $('#StoreId').val() || 0, id: $('#Id').val() || 0 })
            .done(function (result) {
                if (seq !== previewSeq) return; // an older answer arriving late
                $summary.removeClass('segment-preview-busy');
                if (!result.Valid) {
                    showError(result);
                    $summary.html('<span class="text-muted">' + esc(texts.invalid) + '</span>');
                    $sample.empty();
                    return;
                }
                showError(null);
                if (result.Error) {
                    $summary.html('<span class="text-warning">' + esc(result.Error) + '</span>');
                    return;
                }
                $summary.html(
                    '<strong class="segment-preview-count">' + esc(result.Matching) + '</strong> ' + esc(texts.of) + ' ' + esc(result.Customers) +
                    ' (' + esc(result.Share) + ') &nbsp; <span class="text-success segment-preview-entering">+' + esc(result.Entering) + ' ' + esc(texts.enter) +
                    '</span>, <span class="text-danger segment-preview-leaving">&minus;' + esc(result.Leaving) + ' ' + esc(texts.leave) + '</span>');
                $sample.html($.map(result.Sample || [], function (c) {
                    return '<li class="list-inline-item"><a href="' + $root.data('customer-url') + c.Id + '" target="_blank">' + esc(c.Email || ('#' + c.Id)) + '</a></li>';
                }).join(''));
            })
            .fail(function () { $summary.removeClass('segment-preview-busy'); });
    }

    function showError(result) {
        if (!result) {
            $error.empty();
            $marked.hide().empty();
            $input.removeClass('is-invalid');
            return;
        }
        $input.addClass('is-invalid');
        var text = $input.val(), at = Math.min(result.ErrorPosition || 0, text.length);
        // the rule again with the place of the error underlined
        var end = at;
        while (end < text.length && !/\s|[(),]/.test(text[end])) end++;
        if (end === at) end = Math.min(at + 1, text.length);
        $marked.html(esc(text.substring(0, at)) + '<mark class="segment-rule-problem">' + (esc(text.substring(at, end)) || '&nbsp;') + '</mark>' + esc(text.substring(end))).show();
        var message = esc(result.Error);
        if (result.Suggestion)
            message += ' <a href="#" class="segment-fix" data-at="' + at + '" data-end="' + end + '" data-fix="' + esc(result.Suggestion) + '">' + esc(texts.fix) + ' ' + esc(result.Suggestion) + '</a>';
        $error.html(message);
    }

    // ------------------------------------------------------------- completion

    function wordAt(text, caret) {
        var start = caret;
        while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
        return { start: start, word: text.substring(start, caret) };
    }

    function candidates(text, start, word) {
        if (!reference) return [];
        var before = text.substring(0, start).replace(/\s+$/, '');
        var tokens = before.split(/[\s(),]+/).filter(function (t) { return t.length; });
        var last = tokens[tokens.length - 1] || '', lastButOne = tokens[tokens.length - 2] || '';
        var fieldOf = function (name) { return reference.fields.find(function (f) { return f.name === (name || '').toLowerCase(); }); };
        var list;
        var field = fieldOf(last);
        if (field) list = field.argument ? [] : field.operators; // after a field: its operators (after its id, if it takes one)
        else if ((field = fieldOf(lastButOne)) && field.argument && /\)$/.test(before)) list = field.operators;
        else if ((field = fieldOf(lastButOne)) || /^(in|not)$/i.test(last)) {
            field = field || fieldOf(tokens[tokens.length - 3]);
            list = field && field.values && field.values.length ? field.values : [];
        } else list = reference.fields.map(function (f) { return f.name; }).concat(['and', 'or', 'not', 'since', 'from', 'to']);
        var lower = word.toLowerCase();
        return list.filter(function (c) { return c.toLowerCase().indexOf(lower) === 0 && c.toLowerCase() !== lower; }).slice(0, 12);
    }

    function showCompletion() {
        var text = $input.val(), caret = $input[0].selectionStart;
        var at = wordAt(text, caret);
        var list = at.word.length ? candidates(text, at.start, at.word) : [];
        if (!list.length) { $completion.hide(); return; }
        $completion.html($.map(list, function (c, i) {
            return '<li><a href="#" class="dropdown-item' + (i === 0 ? ' active' : '') + '" data-value="' + esc(c) + '">' + esc(c) + '</a></li>';
        }).join('')).show();
    }

    function accept(value) {
        var text = $input.val(), caret = $input[0].selectionStart, at = wordAt(text, caret);
        var next = text.substring(0, at.start) + value + ' ' + text.substring(caret);
        $input.val(next);
        $input[0].selectionStart = $input[0].selectionEnd = at.start + value.length + 1;
        $completion.hide();
        $input.trigger('focus');
        schedulePreview();
    }

    // -------------------------------------------------------------- reference

    function renderReference() {
        var rows = $.map(reference.fields, function (f) {
            return '<tr><td><code>' + esc(f.name) + '</code></td><td>' + esc(f.type) + '</td><td>' + esc(f.description || '') +
                '</td><td>' + esc((f.operators || []).join('  ')) + (f.values && f.values.length ? '<div class="small text-muted">' + esc(f.values.join(', ')) + '</div>' : '') +
                '</td><td><code>' + esc(f.example) + '</code></td></tr>';
        }).join('');
        $root.find('.segment-reference-body').html('<table class="table table-sm table-striped segment-reference-table"><thead><tr><th>' +
            esc(texts.field) + '</th><th>' + esc(texts.type) + '</th><th>' + esc(texts.meaning) + '</th><th>' + esc(texts.operators) + '</th><th>' +
            esc(texts.example) + '</th></tr></thead><tbody>' + rows + '</tbody></table>');
    }

    // ---------------------------------------------------------------- builder

    function fieldByName(name) { return reference && reference.fields.find(function (f) { return f.name === name; }); }

    // the tree holds values as the rule language writes them ("text", 30 days ago, at_risk); the controls show them bare
    function bare(value) {
        var v = value == null ? '' : String(value);
        return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.substring(1, v.length - 1) : v;
    }

    function written(field, value) {
        var v = $.trim(value == null ? '' : String(value));
        if (!v.length) return v;
        var quote = function (t) { return t.indexOf('"') >= 0 ? "'" + t + "'" : '"' + t + '"'; };
        switch (field.type) {
            case 'Text': return field.values && field.values.indexOf(v) >= 0 ? v : quote(v);
            case 'Date': return /^\d+\s+[a-z]+\s+ago$/i.test(v) ? v : quote(v);
            default: return v;
        }
    }

    function valueCount(op) {
        if (op === 'is empty' || op === 'is not empty') return 0;
        if (op === 'between') return 2;
        if (op === 'in' || op === 'not in') return -1;
        return 1;
    }

    function renderNode(node) {
        if (node.Kind === 'group') {
            var $group = $('<div class="segment-group"/>').data('node', node);
            var $head = $('<div class="segment-group-head form-inline"/>');
            $head.append($('<label class="mr-2"/>').append($('<input type="checkbox" class="segment-negate mr-1"/>').prop('checked', !!node.Negated)).append(esc(texts.not)));
            var $match = $('<select class="form-control form-control-sm segment-match mr-2"/>')
                .append($('<option value="all"/>').text(texts.all)).append($('<option value="any"/>').text(texts.any)).val(node.Match || 'all');
            $head.append($match);
            $head.append($('<button type="button" class="btn btn-sm btn-default segment-add-condition mr-1"/>').text('+ ' + texts.condition));
            $head.append($('<button type="button" class="btn btn-sm btn-default segment-add-group mr-1"/>').text('+ ' + texts.group));
            $head.append($('<button type="button" class="btn btn-sm btn-link text-danger segment-remove-node"/>').html('&times;'));
            $group.append($head);
            var $children = $('<div class="segment-group-children"/>');
            $.each(node.Children || [], function (_, child) { $children.append(renderNode(child)); });
            return $group.append($children);
        }

        var $row = $('<div class="segment-condition form-inline"/>').data('node', node);
        $row.append($('<label class="mr-1"/>').append($('<input type="checkbox" class="segment-negate mr-1"/>').prop('checked', !!node.Negated)).append(esc(texts.not)));
        var $field = $('<select class="form-control form-control-sm segment-field mr-1"/>');
        $.each(reference.fields, function (_, f) { $field.append($('<option/>').val(f.name).text(f.name)); });
        $field.val(node.Field);
        var field = fieldByName(node.Field) || reference.fields[0];
        var $op = $('<select class="form-control form-control-sm segment-operator mr-1"/>');
        $.each(field.operators, function (_, o) { $op.append($('<option/>').val(o).text(o)); });
        $op.val(node.Operator || field.operators[0]);
        $row.append($field);
        // the per-product and per-category figures: the id in parentheses, product_quantity(12)
        if (field.argument)
            $row.append(argumentControl(field, node.Argument));
        $row.append($op);
        var count = valueCount($op.val()), values = node.Values || [];
        if (count === -1) {
            var choices = choicesOf(field);
            if (choices.length) {
                var $multi = $('<select multiple class="form-control form-control-sm segment-values mr-1"/>');
                $.each(choices, function (_, c) { $multi.append($('<option/>').val(c.Value).text(c.Label)); });
                $row.append($multi.val($.map(values, bare)));
            } else
                $row.append($('<input type="text" class="form-control form-control-sm segment-values-text mr-1"/>').attr('placeholder', texts.commaSeparated).val($.map(values, bare).join(', ')));
        } else
            for (var i = 0; i < count; i++) $row.append(valueControl(field, values[i]));
        // the window: "since" alone, or with "to" for from … to …; a number field takes none after "is empty"
        if (field.since && (field.type === 'Purchase' || count !== 0)) {
            $row.append($('<input type="text" class="form-control form-control-sm segment-since mr-1"/>')
                .attr({ placeholder: texts.since, list: 'segment-relative-dates' }).val(node.Since || ''));
            $row.append($('<input type="text" class="form-control form-control-sm segment-until mr-1"/>')
                .attr({ placeholder: texts.until, list: 'segment-relative-dates' }).val(node.Until || ''));
        }
        $row.append($('<button type="button" class="btn btn-sm btn-link text-danger segment-remove-node"/>').html('&times;'));
        return $row;
    }

    // a value control that fits the field: a list for names, a number box, a date box that also takes "30 days ago"
    // what a field's values are picked from: the store's things (countries, roles, …) or the language's names
    function choicesOf(field) {
        if (field.options && field.options.length) return field.options;
        return $.map(field.values || [], function (v) { return { Value: v, Label: v }; });
    }

    var lookups = 0;

    // a box searched by name as the owner types (products, categories), with its own list of matches; the id is kept
    function lookupBox($box, lookup) {
        var list = 'segment-lookup-' + (++lookups);
        $box.attr({ type: 'text', list: list, placeholder: texts.search || '' }).data('lookup', lookup);
        return $('<span class="segment-lookup"/>').append($box).append($('<datalist/>').attr('id', list));
    }

    function valueControl(field, value) {
        var choices = choicesOf(field);
        if (choices.length) {
            var $select = $('<select class="form-control form-control-sm segment-value mr-1"/>');
            $.each(choices, function (_, c) { $select.append($('<option/>').val(c.Value).text(c.Label)); });
            return $select.val(bare(value) || choices[0].Value);
        }
        var $box = $('<input class="form-control form-control-sm segment-value mr-1"/>');
        if (field.lookup) return lookupBox($box.val(bare(value)), field.lookup);
        if (field.type === 'Number' || field.type === 'Age') $box.attr({ type: 'number', step: 'any' });
        else $box.attr('type', 'text');
        if (field.type === 'Date') $box.attr({ placeholder: texts.datePlaceholder, list: 'segment-relative-dates' });
        return $box.val(bare(value));
    }

    // the id box of product_quantity(12) and its kin: searched by name where the store has a list, the id is kept
    function argumentControl(field, value) {
        var $box = $('<input type="text" class="form-control form-control-sm segment-argument mr-1"/>').attr('placeholder', texts.argument || '')
            .val(value == null ? '' : String(value));
        return field.argumentLookup ? lookupBox($box, field.argumentLookup) : $box.attr({ type: 'number', min: 1, step: 1 });
    }

    function readNode($el) {
        if ($el.hasClass('segment-group')) {
            return {
                Kind: 'group',
                Match: $el.children('.segment-group-head').find('.segment-match').val(),
                Negated: $el.children('.segment-group-head').find('.segment-negate').is(':checked'),
                Children: $el.children('.segment-group-children').children().map(function () { return readNode($(this)); }).get()
            };
        }
        var op = $el.find('.segment-operator').val(), values;
        if ($el.find('.segment-values').length) values = $el.find('.segment-values').val() || [];
        else if ($el.find('.segment-values-text').length) values = $.map(($el.find('.segment-values-text').val() || '').split(','), function (v) { return $.trim(v) || null; });
        else values = $el.find('.segment-value').map(function () { return $(this).val(); }).get();
        var field = fieldByName($el.find('.segment-field').val());
        var since = $.trim($el.find('.segment-since').val() || '');
        var until = $.trim($el.find('.segment-until').val() || '');
        var argument = $.trim($el.find('.segment-argument').val() || '');
        return {
            Kind: 'condition', Field: field.name, Operator: op, Negated: $el.find('.segment-negate').is(':checked'),
            Values: $.map(values, function (v) { return written(field, v) || null; }),
            Since: since ? written({ type: 'Date' }, since) : null,
            Until: until ? written({ type: 'Date' }, until) : null,
            // a whole number, or left to the server to refuse as it reads back
            Argument: /^\d+$/.test(argument) ? parseInt(argument, 10) : (argument ? -1 : null)
        };
    }

    function drawBuilder() {
        $builder.empty().append(renderNode(tree));
        if (!$('#segment-relative-dates').length)
            $('body').append('<datalist id="segment-relative-dates"><option value="7 days ago"><option value="30 days ago"><option value="90 days ago"><option value="1 year ago"></datalist>');
    }

    function builderChanged() {
        tree = readNode($builder.children().first());
        post($root.data('print-url'), { tree: JSON.stringify(tree) }).done(function (result) {
            if (result.Error) { $error.text(result.Error); return; }
            $error.empty();
            $input.val(result.Rule);
            schedulePreview();
        });
    }

    function switchView(next) {
        if (next === view) return;
        if (next === 'builder') {
            var rule = $.trim($input.val());
            var open = function (t) {
                tree = t;
                view = 'builder';
                drawBuilder();
                $root.find('.segment-rule-text').hide();
                $builder.show();
                $root.find('.segment-rule-tabs .nav-link').removeClass('active').filter('[data-view=builder]').addClass('active');
            };
            if (!rule) { open({ Kind: 'group', Match: 'all', Negated: false, Children: [] }); return; }
            post($root.data('parse-url'), { rule: rule }).done(function (result) {
                if (result.Error) { showError({ ErrorPosition: result.ErrorPosition, Error: result.Error, Suggestion: result.Suggestion }); return; }
                open(result.Tree);
            });
        } else {
            view = 'text';
            $builder.hide();
            $root.find('.segment-rule-text').show();
            $root.find('.segment-rule-tabs .nav-link').removeClass('active').filter('[data-view=text]').addClass('active');
        }
    }

    // ------------------------------------------------------------------ start

    $(function () {
        $root = $('#segment-rule-editor');
        if (!$root.length) return;
        texts = window.segmentEditorTexts || {};
        $input = $root.find('.segment-rule-input');
        $marked = $root.find('.segment-rule-marked').hide();
        $error = $root.find('.segment-rule-error');
        $summary = $root.find('.segment-preview-summary');
        $sample = $root.find('.segment-preview-sample');
        $completion = $root.find('.segment-completion').hide();
        $builder = $root.find('.segment-rule-builder');
        var readOnly = $root.data('readonly') === true || $root.data('readonly') === 'true';

        $.getJSON($root.data('reference-url')).done(function (result) {
            reference = result;
            renderReference();
        });

        $input.on('input', function () { schedulePreview(); showCompletion(); });
        $input.on('keydown', function (e) {
            if (!$completion.is(':visible')) return;
            var $items = $completion.find('.dropdown-item'), $active = $items.filter('.active'), i = $items.index($active);
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                i = (i + (e.key === 'ArrowDown' ? 1 : $items.length - 1)) % $items.length;
                $items.removeClass('active').eq(i).addClass('active');
            } else if (e.key === 'Enter' || e.key === 'Tab') {
                e.preventDefault();
                accept($active.data('value'));
            } else if (e.key === 'Escape') $completion.hide();
        });
        $input.on('blur', function () { setTimeout(function () { $completion.hide(); }, 200); });
        $completion.on('mousedown', '.dropdown-item', function (e) { e.preventDefault(); accept($(this).data('value')); });
        $error.on('click', '.segment-fix', function (e) {
            e.preventDefault();
            var text = $input.val(), at = $(this).data('at'), end = $(this).data('end');
            $input.val(text.substring(0, at) + $(this).data('fix') + text.substring(end));
            schedulePreview();
        });
        $('#StoreId').on('change', schedulePreview);
        $('#SegmentTypeId').on('change', function () {
            var isStatic = $(this).val() === '20';
            $root.find('.segment-rule-body').toggle(!isStatic);
            $root.find('.segment-static-note').toggle(isStatic);
        });

        $builder.on('input', 'input[list]', function () {
            var $box = $(this), kind = $box.data('lookup');
            if (!kind) return;
            $.getJSON($root.data('lookup-url'), { kind: kind, text: $box.val() }).done(function (found) {
                $('#' + $box.attr('list')).html($.map(found, function (o) { return '<option value="' + esc(o.Value) + '">' + esc(o.Label) + '</option>'; }).join(''));
            });
        });
        $root.find('.segment-rule-tabs .nav-link').on('click', function (e) { e.preventDefault(); switchView($(this).data('view')); });
        if (!readOnly) {
            $builder.on('change', 'select, input', function () {
                if ($(this).hasClass('segment-field') || $(this).hasClass('segment-operator')) {
                    // a new field or operator needs other value controls: rebuild this row from what it holds now
                    var $row = $(this).closest('.segment-condition'), node = readNode($row);
                    if ($(this).hasClass('segment-field')) { node.Operator = fieldByName(node.Field).operators[0]; node.Values = []; }
                    $row.replaceWith(renderNode(node));
                }
                builderChanged();
            });
            $builder.on('click', '.segment-add-condition', function () {
                var first = reference.fields[0];
                $(this).closest('.segment-group').children('.segment-group-children')
                    .append(renderNode({ Kind: 'condition', Field: first.name, Operator: first.operators[0], Values: [], Negated: false }));
            });
            $builder.on('click', '.segment-add-group', function () {
                $(this).closest('.segment-group').children('.segment-group-children').append(renderNode({ Kind: 'group', Match: 'any', Negated: false, Children: [] }));
                builderChanged();
            });
            $builder.on('click', '.segment-remove-node', function () {
                var $node = $(this).closest('.segment-condition, .segment-group');
                if ($node.parent().is($builder)) $node.children('.segment-group-children').empty(); else $node.remove();
                builderChanged();
            });
        }

        if ($.trim($input.val())) preview();
    });
})(jQuery);
