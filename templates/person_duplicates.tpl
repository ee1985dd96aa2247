{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <div class="govuk-panel govuk-panel--interruption">
      <h1 class="govuk-panel__title-m govuk-!-margin-bottom-6">There may already be a record for this person</h1>
      <div class="govuk-panel__body">
        <p class="govuk-body">We found records that look like {{NAME}}. Open one of them, or confirm that this is a different person.</p>
        <ul class="govuk-list govuk-list--bullet">
          {{#CAND}}<li>{{#OPEN}}<a class="govuk-link govuk-link--inverse" href="/people/{{ID}}">{{CNAME}}</a>{{/OPEN}}{{#RESTRICTED}}{{CNAME}} (restricted record: ask {{HOLDER}} about it){{/RESTRICTED}}, born {{BORN}}{{#PC}}, {{POSTCODE}}{{/PC}}: {{WHY}}</li>
          {{/CAND}}
        </ul>
        <form method="post" action="/people/new" novalidate>
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <input type="hidden" name="confirm_different" value="yes">
          {{#HIDDEN}}<input type="hidden" name="{{H_NAME}}" value="{{H_VALUE}}">
          {{/HIDDEN}}
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button govuk-button--inverse" data-module="govuk-button">This is a different person: create the record</button>
            <a class="govuk-link govuk-link--inverse" href="/people">Go back to search</a>
          </div>
        </form>
      </div>
    </div>
  </div>
</div>
