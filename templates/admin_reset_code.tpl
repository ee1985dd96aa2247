{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <div class="govuk-panel govuk-panel--confirmation">
      <h1 class="govuk-panel__title">Reset code issued</h1>
      <div class="govuk-panel__body">Code for {{USERNAME}}<br><strong class="ehm-code">{{CODE}}</strong></div>
    </div>
    <p class="govuk-body">Give this code to {{NAME}} in person or by phone, after checking who they are. It is shown only once, works once and expires on {{EXPIRES}}.</p>
    <p class="govuk-body">They reset their password at the sign-in page ("I have forgotten my password") with this code and the answers to their security questions.</p>
    <p class="govuk-body"><a class="govuk-link" href="/admin/users/{{ID}}">Back to {{USERNAME}}</a></p>
  </div>
</div>
