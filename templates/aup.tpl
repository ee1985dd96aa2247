{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    {{>ERRORS}}
    <h1 class="govuk-heading-l">Acceptable use policy</h1>
    {{#MUST_ACCEPT}}<div class="govuk-inset-text">Before you use the service, read and accept this policy.{{#NEW_VERSION}} It has changed since you last accepted it.{{/NEW_VERSION}}</div>{{/MUST_ACCEPT}}
    <div class="ehm-policy">
      {{#PARA}}<p class="govuk-body">{{TEXT}}</p>
      {{/PARA}}
    </div>
    <p class="govuk-body-s">Version {{VERSION}}</p>
    {{#MUST_ACCEPT}}
    <form method="post" action="/acceptable-use" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="next" value="{{NEXT}}">
      {{>ACCEPT}}
      <button type="submit" class="govuk-button" data-module="govuk-button">Accept and continue</button>
    </form>
    {{/MUST_ACCEPT}}
    {{#ACCEPTED}}<p class="govuk-body">You accepted this version of the policy.</p>{{/ACCEPTED}}
  </div>
</div>
