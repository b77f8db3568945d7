using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AzBackupTroubleshoot.Checks;
using AzBackupTroubleshoot.Localization;
using AzBackupTroubleshoot.Readiness;
using AzBackupTroubleshoot.Remedies;

namespace AzBackupTroubleshoot.Reporting
{
    /// <summary>
    /// Writes readiness reports as one self-contained HTML page: a summary with SVG charts drawn from
    /// the data, one section per VM that needs attention, and each remedy once. No script, no outside
    /// resource (a Content-Security-Policy says so to the browser); every Azure or user text is encoded.
    /// </summary>
    public static class ReadinessReportWriter
    {
        /// <summary>The page's Content-Security-Policy: nothing may load, inline styles and data: images aside.</summary>
        public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

        public static ReadinessReportSummary Write(TextWriter output, IReadOnlyList<ReportedVm> vms, ReadinessReportOptions? options = null)
        {
            options ??= new ReadinessReportOptions();
            var summary = ReadinessReportSummary.From(vms, options.TopChecks);
            new Page(new HtmlWriter(output), new ReportText(options.Language), options, summary).Write();
            return summary;
        }

        public static string Render(IReadOnlyList<ReportedVm> vms, ReadinessReportOptions? options = null)
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            Write(text, vms, options);
            return text.ToString();
        }

        private static readonly CheckStatus[] StatusOrder = { CheckStatus.Fail, CheckStatus.Warning, CheckStatus.Unknown, CheckStatus.Pass, CheckStatus.NotApplicable };

        // Status colours, shared by the CSS and the charts.
        private static string Colour(CheckStatus status) => status switch
        {
            CheckStatus.Fail => "#c62828",
            CheckStatus.Warning => "#b45309",
            CheckStatus.Unknown => "#5b6b7a",
            CheckStatus.Pass => "#2e7d32",
            _ => "#9aa1a9",
        };

        private const string Fonts = "\"Segoe UI\",\"Noto Sans CJK JP\",\"Noto Sans JP\",\"Hiragino Sans\",\"Yu Gothic UI\",Meiryo,system-ui,sans-serif";
        private const string Mono = "ui-monospace,\"Cascadia Mono\",Consolas,\"Noto Sans Mono CJK JP\",monospace";

        private static readonly string Style = string.Join(string.Empty, new[]
        {
            "*{box-sizing:border-box}",
            "body{margin:0 auto;max-width:980px;padding:24px 28px;font:14px/1.5 " + Fonts + ";color:#1f2328;background:#fff}",
            "h1{font-size:22px;margin:0}h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #d0d7de}",
            "h3{font-size:15px;margin:0;word-break:break-all}h4{font-size:13px;margin:8px 0 2px}",
            ".sub{color:#57606a;margin:0 0 12px}",
            "dl.scope{display:grid;grid-template-columns:max-content 1fr;gap:1px 14px;margin:0;font-size:13px}dl.scope dt{color:#57606a}dl.scope dd{margin:0;word-break:break-all}",
            ".tiles{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0 12px}",
            ".tile{flex:1 1 100px;border-radius:8px;padding:6px 12px;border-top:5px solid;background:#f6f8fa;font-size:13px}.tile b{display:block;font-size:26px;line-height:1.2}",
            "svg{display:block;width:100%;max-width:900px;height:auto;margin:4px 0}svg.full{max-width:none}svg text{font:12px " + Fonts + ";fill:#1f2328}",
            ".b{display:inline-block;min-width:60px;text-align:center;border-radius:10px;padding:0 8px;margin-right:8px;color:#fff;font-size:12px;font-weight:600;vertical-align:1px;white-space:nowrap}",
            "section.vm,section.rem{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;margin:10px 0;break-inside:avoid}",
            "section.vm{border-left:6px solid}",
            ".m{color:#57606a;font-size:12.5px;margin:2px 0 4px}",
            ".id{font:11px " + Mono + ";color:#6e7781;word-break:break-all;margin:0 0 4px}",
            ".f{border-top:1px solid #eaeef2;padding:5px 0 3px}.f p{margin:2px 0}",
            "code{font:12px " + Mono + ";background:#f6f8fa;padding:0 4px;border-radius:4px;word-break:break-all}",
            "dl.ev{display:grid;grid-template-columns:minmax(100px,max-content) 1fr;gap:0 10px;margin:3px 0 3px 4px;font:11.5px " + Mono + ";color:#424a53}",
            "dl.ev dt{color:#6e7781;word-break:break-all}dl.ev dd{margin:0;word-break:break-all}",
            ".r{font-size:13px}a{color:#0b57d0}",
            "section.rem ol,section.rem ul{margin:2px 0;padding-left:22px}",
            ".doc{font-size:12px;color:#57606a;word-break:break-all}",
            "table{border-collapse:collapse;width:100%;font-size:12.5px;margin-top:6px}td code{white-space:nowrap;word-break:normal}th,td{text-align:left;border-bottom:1px solid #eaeef2;padding:3px 6px;vertical-align:top}td.n,th.n{text-align:right;white-space:nowrap}",
            "footer{margin-top:28px;color:#6e7781;font-size:12px;border-top:1px solid #d0d7de;padding-top:8px}",
            string.Join(string.Empty, StatusOrder.Select(s =>
                $".{ReportText.Css(s)}.b{{background:{Colour(s)}}}.tile.{ReportText.Css(s)},section.vm.{ReportText.Css(s)}{{border-color:{Colour(s)}}}section.vm.{ReportText.Css(s)}{{border-top-color:#d0d7de;border-right-color:#d0d7de;border-bottom-color:#d0d7de}}")),
            "@page{size:A4;margin:12mm}",
            "@media print{body{max-width:none;padding:0;font-size:12px}h2{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}",
        });

        private sealed class Page
        {
            private readonly HtmlWriter _w;
            private readonly ReportText _t;
            private readonly ReadinessReportOptions _options;
            private readonly ReadinessReportSummary _summary;
            private readonly DisplayLanguage _language;
            private readonly RemedyCatalog _catalog = RemedyCatalog.LoadDefault();
            private readonly Dictionary<string, RemedyTally> _remedies;

            public Page(HtmlWriter writer, ReportText text, ReadinessReportOptions options, ReadinessReportSummary summary)
            {
                _w = writer;
                _t = text;
                _options = options;
                _summary = summary;
                _language = options.Language;
                _remedies = summary.Remedies.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
            }

            public void Write()
            {
                var title = string.IsNullOrWhiteSpace(_options.Title) ? _t.Title : _options.Title!.Trim();
                _w.Raw("<!DOCTYPE html>\n<html lang=\"").Raw(_t.Tag).Raw("\"><head><meta charset=\"utf-8\">")
                    .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").Text(ContentSecurityPolicy).Raw("\">")
                    .Raw("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                    .Raw("<title>").Text(title).Raw("</title><style>").Raw(Style).Raw("</style></head>\n<body>\n");
                Header(title);
                Summary();
                AttentionVms();
                Remedies();
                _w.Raw("<footer>").Text(_t.Footer).Raw(" ").Text(_t.Generated).Raw(": ").Text(Time(_options.GeneratedAt)).Raw("</footer>\n</body></html>\n");
            }

            private void Header(string title)
            {
                _w.Raw("<header>").Element("h1", null, title);
                var version = typeof(ReadinessReportWriter).Assembly.GetName().Version;
                _w.Raw("<p class=\"sub\">");
                if (title != _t.Title) _w.Text(_t.Title).Raw(" · ");
                _w.Raw("AzBackupTroubleshoot ").Text(version == null ? string.Empty : version.ToString(3)).Raw("</p>");
                _w.Raw("<dl class=\"scope\">");
                _w.Element("dt", null, _t.Checked).Element("dd", null, TimeRange());
                _w.Element("dt", null, _t.Subscriptions).Raw("<dd>");
                var shown = _summary.Subscriptions.Take(5).ToArray();
                _w.Text(string.Join(", ", shown));
                if (_summary.Subscriptions.Count > shown.Length) _w.Raw(" ").Text(_t.AndMore(_summary.Subscriptions.Count - shown.Length));
                _w.Raw("</dd>");
                _w.Element("dt", null, _t.ResourceGroups).Raw("<dd>").Number(_summary.ResourceGroupCount).Raw("</dd>");
                _w.Element("dt", null, _t.Vms).Raw("<dd>").Number(_summary.VmCount).Raw("</dd>");
                _w.Raw("</dl></header>\n");
            }

            private void Summary()
            {
                _w.Raw("<section class=\"summary\">").Element("h2", null, _t.Summary);
                _w.Raw("<div class=\"tiles\">");
                foreach (var status in StatusOrder)
                {
                    _w.Raw("<div class=\"tile ").Raw(ReportText.Css(status)).Raw("\"><b>").Number(_summary.VmsByStatus[status]).Raw("</b>").Text(_t.Status(status)).Raw("</div>");
                }

                _w.Raw("</div>\n");
                if (_summary.VmCount > 0) StatusBar();
                _w.Element("h3", null, _t.TopChecks);
                if (_summary.TopFailingChecks.Count == 0) _w.Element("p", "m", _t.NoFailingCheck);
                else TopChecksChart();
                _w.Raw("</section>\n");
            }

            // One bar for all VMs, a segment per status: the share of the estate at each status.
            private void StatusBar()
            {
                const double width = 900, height = 30;
                _w.Raw("<svg class=\"full\" viewBox=\"0 0 900 30\" role=\"img\" aria-label=\"").Text(_t.VmsByStatus).Raw("\">");
                double x = 0;
                foreach (var status in StatusOrder)
                {
                    var count = _summary.VmsByStatus[status];
                    if (count == 0) continue;
                    var w = width * count / _summary.VmCount;
                    _w.Raw("<rect x=\"").Number(x).Raw("\" y=\"0\" width=\"").Number(w).Raw("\" height=\"").Number(height).Raw("\" fill=\"").Raw(Colour(status)).Raw("\"><title>")
                        .Text(_t.Status(status)).Raw(": ").Number(count).Raw("</title></rect>");
                    if (w >= 28) _w.Raw("<text x=\"").Number(x + w / 2).Raw("\" y=\"20\" text-anchor=\"middle\" style=\"fill:#fff;font-weight:600\">").Number(count).Raw("</text>");
                    x += w;
                }

                _w.Raw("</svg>\n");
            }

            // A horizontal bar per check: VMs where it failed (red) and warned (amber).
            private void TopChecksChart()
            {
                var checks = _summary.TopFailingChecks;
                const double labelWidth = 230, barLeft = 238, barSpace = 600, rowHeight = 22, top = 22;
                var max = Math.Max(1, checks.Max(c => c.Total));
                var height = top + checks.Count * rowHeight + 4;
                _w.Raw("<svg viewBox=\"0 0 900 ").Number(height).Raw("\" role=\"img\" aria-label=\"").Text(_t.TopChecks).Raw("\">");
                // Legend.
                _w.Raw("<rect x=\"").Number(barLeft).Raw("\" y=\"3\" width=\"12\" height=\"12\" fill=\"").Raw(Colour(CheckStatus.Fail)).Raw("\"/>")
                    .Raw("<text x=\"").Number(barLeft + 16).Raw("\" y=\"14.5\">").Text(_t.Status(CheckStatus.Fail)).Raw("</text>")
                    .Raw("<rect x=\"").Number(barLeft + 96).Raw("\" y=\"4\" width=\"12\" height=\"12\" fill=\"").Raw(Colour(CheckStatus.Warning)).Raw("\"/>")
                    .Raw("<text x=\"").Number(barLeft + 112).Raw("\" y=\"14.5\">").Text(_t.Status(CheckStatus.Warning)).Raw("</text>");
                for (var i = 0; i < checks.Count; i++)
                {
                    var c = checks[i];
                    var y = top + i * rowHeight;
                    _w.Raw("<text x=\"").Number(labelWidth).Raw("\" y=\"").Number(y + 14.5).Raw("\" text-anchor=\"end\">").Text(c.CheckId).Raw("</text>");
                    var failWidth = barSpace * c.Fail / max;
                    var warnWidth = barSpace * c.Warning / max;
                    if (c.Fail > 0) Bar(barLeft, y + 2, failWidth, CheckStatus.Fail, c.Fail);
                    if (c.Warning > 0) Bar(barLeft + failWidth, y + 2, warnWidth, CheckStatus.Warning, c.Warning);
                    _w.Raw("<text x=\"").Number(barLeft + failWidth + warnWidth + 6).Raw("\" y=\"").Number(y + 14.5).Raw("\">").Number(c.Total).Raw("</text>");
                }

                _w.Raw("</svg>\n");

                // The same checks in words: what each judges.
                _w.Raw("<table><thead><tr>").Element("th", null, _t.Check).Element("th", null, _t.WhatItJudges)
                    .Element("th", "n", _t.Status(CheckStatus.Fail)).Element("th", "n", _t.Status(CheckStatus.Warning)).Raw("</tr></thead><tbody>");
                foreach (var c in checks)
                {
                    var description = CheckCatalog.TryGet(c.CheckId, out var definition) ? definition.Description.Get(_language) : string.Empty;
                    _w.Raw("<tr><td><code>").Text(c.CheckId).Raw("</code></td>").Element("td", null, description)
                        .Raw("<td class=\"n\">").Number(c.Fail).Raw("</td><td class=\"n\">").Number(c.Warning).Raw("</td></tr>");
                }

                _w.Raw("</tbody></table>\n");
            }

            private void Bar(double x, double y, double width, CheckStatus status, int count)
            {
                _w.Raw("<rect x=\"").Number(x).Raw("\" y=\"").Number(y).Raw("\" width=\"").Number(width).Raw("\" height=\"16\" fill=\"").Raw(Colour(status)).Raw("\"><title>")
                    .Text(_t.Status(status)).Raw(": ").Number(count).Raw("</title></rect>");
            }

            private void AttentionVms()
            {
                var vms = _summary.AttentionVms;
                _w.Raw("<section class=\"vms\">").Raw("<h2>").Text(_t.Attention).Raw(" (").Number(vms.Count).Raw(")</h2>\n");
                if (_summary.VmCount == 0) _w.Element("p", "m", _t.NoVms);
                else if (vms.Count == 0) _w.Element("p", "m", _t.AllPassed);
                else _w.Element("p", "m", _t.AttentionIntro);
                var detailed = Math.Max(0, _options.DetailedVms);
                if (vms.Count > detailed) _w.Element("p", "m", _t.EvidenceOmitted(detailed));
                var number = 0;
                foreach (var vm in vms) VmSection(vm, ++number, number <= detailed);
                _w.Raw("</section>\n");
            }

            private void VmSection(ReportedVm vm, int number, bool detailed)
            {
                var report = vm.Report;
                var css = ReportText.Css(report.Status);
                int fail = 0, warning = 0, unknown = 0;
                foreach (var f in report.Findings)
                {
                    if (f.Status == CheckStatus.Fail) fail++;
                    else if (f.Status == CheckStatus.Warning) warning++;
                    else if (f.Status == CheckStatus.Unknown) unknown++;
                }

                _w.Raw("<section class=\"vm ").Raw(css).Raw("\" id=\"v").Number(number).Raw("\"><h3><span class=\"b ").Raw(css).Raw("\">").Text(_t.Status(report.Status)).Raw("</span>")
                    .Text(report.Name).Raw("</h3>");
                _w.Raw("<p class=\"m\">").Text(report.ResourceGroup);
                if (!string.IsNullOrEmpty(report.Location)) _w.Raw(" · ").Text(report.Location);
                _w.Raw(" · ").Text(_t.Counts(fail, warning, unknown)).Raw("</p>");
                if (detailed) _w.Element("p", "id", report.VmId);
                foreach (var status in StatusOrder)
                {
                    if (!ReadinessReportSummary.NeedsAttention(status)) continue;
                    foreach (var f in report.Findings)
                    {
                        if (f.Status == status) Finding(f, detailed);
                    }
                }

                _w.Raw("</section>\n");
            }

            private void Finding(Finding f, bool detailed)
            {
                var css = ReportText.Css(f.Status);
                _w.Raw("<div class=\"f\"><p><span class=\"b ").Raw(css).Raw("\">").Text(_t.Status(f.Status)).Raw("</span><code>").Text(f.CheckId).Raw("</code> ")
                    .Text(f.Message.Get(_language)).Raw("</p>");
                if (detailed && f.Evidence.Count > 0)
                {
                    _w.Raw("<dl class=\"ev\">");
                    foreach (var pair in f.Evidence) _w.Element("dt", null, pair.Key).Element("dd", null, pair.Value ?? "null");
                    _w.Raw("</dl>");
                }

                if (!string.IsNullOrEmpty(f.RemedyCode) && _remedies.TryGetValue(f.RemedyCode!, out var remedy))
                {
                    var title = _catalog.TryGetEntry(remedy.Code, out var entry) ? entry.Title.Get(_language) : remedy.Code;
                    _w.Raw("<p class=\"r\">").Text(_t.Remedy).Raw(": <a href=\"#r").Number(remedy.Number).Raw("\">").Text(title).Raw("</a> <code>").Text(remedy.Code).Raw("</code></p>");
                }

                _w.Raw("</div>");
            }

            private void Remedies()
            {
                if (_summary.Remedies.Count == 0) return;
                _w.Raw("<section class=\"remedies\">").Element("h2", null, _t.Remedies).Element("p", "m", _t.RemediesIntro).Raw("\n");
                foreach (var remedy in _summary.Remedies)
                {
                    var known = _catalog.TryGetEntry(remedy.Code, out var entry);
                    _w.Raw("<section class=\"rem\" id=\"r").Number(remedy.Number).Raw("\"><h3>").Text(known ? entry.Title.Get(_language) : remedy.Code)
                        .Raw(" <code>").Text(remedy.Code).Raw("</code></h3>");
                    var names = remedy.VmNames.Take(Math.Max(0, _options.VmNamesPerRemedy)).ToArray();
                    _w.Raw("<p class=\"m\">").Text(_t.Affects(remedy.VmNames.Count)).Raw(": ").Text(string.Join(", ", names));
                    if (remedy.VmNames.Count > names.Length) _w.Raw(" ").Text(_t.AndMore(remedy.VmNames.Count - names.Length));
                    _w.Raw("</p>");
                    if (!known)
                    {
                        _w.Element("p", null, _t.NotInCatalog).Raw("</section>\n");
                        continue;
                    }

                    _w.Element("h4", null, _t.Causes).Raw("<ul>");
                    foreach (var cause in entry.Causes) _w.Element("li", null, cause.Get(_language));
                    _w.Raw("</ul>").Element("h4", null, _t.Steps).Raw("<ol>");
                    foreach (var step in entry.Steps) _w.Element("li", null, step.Get(_language));
                    _w.Raw("</ol>");
                    if (!string.IsNullOrEmpty(entry.RepairCommand)) _w.Raw("<p class=\"r\">").Text(_t.Repair).Raw(": <code>").Text(entry.RepairCommand).Raw("</code></p>");
                    // The address as text, not a link: the page loads and links to nothing outside itself.
                    var url = entry.Documentation.Get(_language);
                    if (!string.IsNullOrEmpty(url)) _w.Raw("<p class=\"doc\">").Text(_t.Documentation).Raw(": ").Text(url).Raw("</p>");
                    _w.Raw("</section>\n");
                }

                _w.Raw("</section>\n");
            }

            private string TimeRange()
            {
                if (_summary.FirstChecked == null || _summary.LastChecked == null) return "-";
                var first = _summary.FirstChecked.Value.ToUniversalTime();
                var last = _summary.LastChecked.Value.ToUniversalTime();
                var from = first.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                if (last - first < TimeSpan.FromMinutes(1) && first.Minute == last.Minute) return from + " UTC";
                var to = last.Date == first.Date ? last.ToString("HH:mm", CultureInfo.InvariantCulture) : last.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                return from + " – " + to + " UTC";
            }

            private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        }
    }
}
