{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<a href="/episodes/{{EID}}/assessments" class="govuk-back-link">Back to assessments</a>
<h1 class="govuk-heading-l">Distance travelled</h1>
{{#NONE}}<p class="govuk-body">No completed assessments yet.</p>{{/NONE}}
{{#NOSCORES}}<p class="govuk-body">This assessment form has no scored domains.</p>{{/NOSCORES}}
<div class="ehm-table-scroll" role="region" aria-label="Scores by domain" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Scores by domain (1 significant unmet needs, 5 thriving)</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Domain</th>
    {{#HEAD_COL}}<th scope="col" class="govuk-table__header">{{WHEN}}</th>{{/HEAD_COL}}
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{{DOMAIN}}</th>{{#CELL}}<td class="govuk-table__cell">{{SCORE}}</td>{{/CELL}}</tr>
    {{/ROW}}
  </tbody>
</table></div>
{{#CHART}}
<figure class="ehm-chart">
  <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" width="{{WIDTH}}" height="{{HEIGHT}}" viewBox="0 0 {{WIDTH}} {{HEIGHT}}">
    <title id="chart-title">Scores by domain across assessments</title>
    <desc id="chart-desc">{{DESC}}</desc>
    {{#BAR}}<rect x="{{X}}" y="{{Y}}" width="{{W}}" height="{{H}}" fill="{{FILL}}"><title>{{LABEL}}</title></rect>
    {{/BAR}}
    {{#DLABEL}}<text x="{{X}}" y="{{Y}}" font-size="12" fill="#0b0c0c">{{TEXT}}</text>
    {{/DLABEL}}
    {{#KEY}}<rect x="{{X}}" y="{{Y}}" width="14" height="14" fill="{{FILL}}"></rect><text x="{{TX}}" y="{{TY}}" font-size="12" fill="#0b0c0c">{{TEXT}}</text>
    {{/KEY}}
  </svg>
  <figcaption class="govuk-body-s">{{DESC}}</figcaption>
</figure>
{{/CHART}}
