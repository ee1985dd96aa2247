{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<a href="/episodes/{{EID}}/notes" class="govuk-back-link">Back to case notes</a>
<h1 class="govuk-heading-l">Case note and its history</h1>
{{#EDIT}}<p class="govuk-body"><a class="govuk-link" href="/notes/{{NID}}/edit">Change this note</a></p>{{/EDIT}}
<div class="moj-timeline">
  {{#VERSION}}<div class="moj-timeline__item">
    <div class="moj-timeline__header"><h2 class="moj-timeline__title">Version {{V}}</h2> <p class="moj-timeline__byline">saved by {{BY}} on {{SAVED}}</p></div>
    <div class="moj-timeline__description">
      <p class="govuk-body-s">{{KIND}} on {{DATE}}. With: {{WITH}}</p>
      <p class="govuk-body ehm-note">{{BODY:pre_escape}}</p>
    </div>
  </div>
  {{/VERSION}}
</div>
