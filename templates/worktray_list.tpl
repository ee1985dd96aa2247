{{%AUTOESCAPE context="HTML"}}
<a href="/" class="govuk-back-link">Back to your worktray</a>
<h1 class="govuk-heading-l">{{TITLE}}</h1>
<p class="govuk-body">{{COUNT}}. {{EMPTY}}</p>
<div class="ehm-table-scroll" role="region" aria-label="{{TITLE}}" tabindex="0">
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-visually-hidden">{{TITLE}}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header" aria-sort="{{NAME_SORT}}"><a class="govuk-link" href="{{NAME_HREF}}">Family</a></th>
    <th scope="col" class="govuk-table__header">Details</th>
    <th scope="col" class="govuk-table__header" aria-sort="{{DATE_SORT}}"><a class="govuk-link" href="{{DATE_HREF}}">{{DATE_LABEL}}</a></th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{{HREF}}">{{TEXT}}</a></td>
      <td class="govuk-table__cell">{{DETAIL}}
        {{#TRANSFER}}<div class="govuk-button-group govuk-!-margin-top-2">
          <form method="post" action="/transfers/{{ID}}/accept" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">Accept transfer</button></form>
          <form method="post" action="/transfers/{{ID}}/decline" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Decline transfer</button></form>
        </div>{{/TRANSFER}}
        {{#REVIEW}}<form method="post" action="/break-glass/{{ID}}/review" novalidate class="govuk-!-margin-top-2">
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <div class="govuk-form-group govuk-!-margin-bottom-2"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Was this use appropriate?</legend>
          <div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
            <div class="govuk-radios__item"><input class="govuk-radios__input" id="review-{{ID}}" name="review" type="radio" value="appropriate"><label class="govuk-label govuk-radios__label" for="review-{{ID}}">Appropriate</label></div>
            <div class="govuk-radios__item"><input class="govuk-radios__input" id="review-{{ID}}-2" name="review" type="radio" value="not appropriate"><label class="govuk-label govuk-radios__label" for="review-{{ID}}-2">Not appropriate</label></div>
          </div></fieldset></div>
          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Record review</button>
        </form>{{/REVIEW}}
      </td>
      <td class="govuk-table__cell ehm-nowrap">{{DATE}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table>
</div>
{{>PAGER}}
