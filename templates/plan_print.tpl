{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-xl">My family's plan</h1>
<p class="govuk-body-l">For {{CHILDREN}}. Written on {{DATE}}.</p>
{{#LEAD}}<p class="govuk-body">Your {{TITLE}} is {{NAME}}. They will help you and check how the plan is going.</p>{{/LEAD}}
{{#VOICE}}<div class="govuk-inset-text"><p class="govuk-body"><strong>In your words:</strong> {{TEXT}}</p></div>{{/VOICE}}
<h2 class="govuk-heading-l">What we will do</h2>
{{#EMPTY}}<p class="govuk-body">We have not written down any actions yet.</p>{{/EMPTY}}
{{#ACTION}}
<div class="ehm-plan-item">
  <h3 class="govuk-heading-m">{{NEED}}</h3>
  <p class="govuk-body ehm-note">{{WHAT:pre_escape}}</p>
  <p class="govuk-body"><strong>Who:</strong> {{WHO}}. <strong>By:</strong> {{BY}}. <strong>How it is going:</strong> {{STATUS}}.</p>
</div>
{{/ACTION}}
{{#NEXT}}<h2 class="govuk-heading-l">Our next meeting</h2><p class="govuk-body">{{WHEN}}, at {{VENUE}}.</p>{{/NEXT}}
<p class="govuk-body-s">From {{AUTHORITY}}. Keep this plan safe: it has information about your family.</p>
